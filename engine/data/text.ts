import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { selectSamples, limitOf } from './batches'
import { shuffleIndices } from './random'
import type { Dataset, DatasetOptions } from './types'

/**
 * Character-level language modelling (D2L ch. 9): the text is cut into consecutive windows of
 * T = size[0] (default 32) characters; the target of every position is the next character.
 * Windows do not overlap, which keeps memory at ~8 bytes per character of text. The vocabulary
 * is every distinct character (code point) in the file, sorted, stored in meta.vocab.
 */
export async function loadText(opts: DatasetOptions = {}): Promise<Dataset> {
  const file = opts.path
  if (!file) throw new Error('text: no file given (set path to a UTF-8 text file)')
  const steps = opts.size?.[0] ?? 32
  if (!Number.isInteger(steps) || steps < 1)
    throw new Error(`text: window length must be a positive integer, got ${steps}`)
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (e) {
    throw new Error(`${file}: cannot read the text file (${(e as Error).message})`, { cause: e })
  }
  // Windows line endings would otherwise add a "\r" token the model must learn to predict.
  const chars = Array.from(text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'))
  if (chars.length === 0) throw new Error(`${file} is empty: a language model needs some text`)
  if (chars.length < steps + 1)
    throw new Error(
      `${file}: ${chars.length} characters is too short for windows of ${steps} (needs ${steps + 1})`,
    )
  const vocab = [...new Set(chars)].sort()
  const id = new Map(vocab.map((ch, i) => [ch, i]))
  const ids = Int32Array.from(chars, (ch) => id.get(ch) ?? 0)
  const count = Math.floor((ids.length - 1) / steps)
  const x = new Int32Array(count * steps)
  const y = new Int32Array(count * steps)
  for (let s = 0; s < count; s++) {
    x.set(ids.subarray(s * steps, (s + 1) * steps), s * steps)
    y.set(ids.subarray(s * steps + 1, (s + 1) * steps + 1), s * steps)
  }
  const all: Dataset = {
    name: file,
    task: 'language-model',
    inputShape: [steps],
    inputDtype: 'int32',
    targetShape: [steps],
    numClasses: vocab.length,
    size: count,
    x,
    xScale: 1,
    y,
    meta: { vocab, file: basename(file), characters: chars.length },
  }
  return selectSamples(all, shuffleIndices(count, opts.seed ?? 0), limitOf(count, opts))
}
