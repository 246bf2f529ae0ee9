import { readFile, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { fileURLToPath } from 'node:url'
import { checkFileBytes } from '../budget/data'
import { BoundError } from '../budget/untrusted'
import { selectSamples, limitOf } from './batches'
import { shuffleIndices } from './random'
import { buildVocab, tokenize } from './tokenize'
import type { Dataset, DatasetOptions } from './types'

/**
 * H. G. Wells, "The Time Machine" (1895; public domain), the plain-text edition the course itself
 * trains its language models on (as distributed with the d2l-zh repository's data/timemachine.txt).
 */
export const TIME_MACHINE = fileURLToPath(new URL('../../resources/text/time-machine.txt', import.meta.url))

/**
 * Memory per byte of text while it becomes windows: the string, one array slot per token, the
 * token ids, the windows and targets and their shuffled copies.
 */
const BYTES_PER_TEXT_BYTE = 32

/**
 * Language modelling (D2L ch. 9): the text is split into characters (default) or words (tokens
 * rarer than `minFreq` become <unk>, the course's min_freq), cut into
 * consecutive windows of T = size[0] tokens (default 32); the target of every position is the next
 * token. Windows do not overlap, which keeps memory at ~8 bytes per token of text. The vocabulary
 * (see tokenize.ts) is stored in meta.vocab and travels with every checkpoint.
 */
export async function loadText(opts: DatasetOptions = {}, name?: string): Promise<Dataset> {
  const file = opts.path
  if (!file) throw new Error('text: no file given (set path to a UTF-8 text file)')
  const steps = opts.size?.[0] ?? 32
  const tokenizer = opts.tokenizer ?? 'char'
  const unit = tokenizer === 'word' ? 'words' : 'characters'
  if (!Number.isInteger(steps) || steps < 1)
    throw new Error(`text: window length must be a positive integer, got ${steps}`)
  let text: string
  try {
    checkFileBytes(file, (await stat(file)).size, BYTES_PER_TEXT_BYTE, 'text')
    text = await readFile(file, 'utf8')
  } catch (e) {
    if (e instanceof BoundError) throw e
    throw new Error(`${file}: cannot read the text file (${(e as Error).message})`, { cause: e })
  }
  // Windows line endings would otherwise add a "\r" token the model must learn to predict.
  const tokens = tokenize(text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'), tokenizer)
  if (tokens.length === 0) throw new Error(`${file} is empty: a language model needs some text`)
  if (tokens.length < steps + 1)
    throw new Error(
      `${file}: ${tokens.length} ${unit} is too short for windows of ${steps} (needs ${steps + 1})`,
    )
  const minFreq = opts.minFreq ?? 1
  if (!Number.isInteger(minFreq) || minFreq < 1)
    throw new Error(`text: minFreq must be a whole number of occurrences, 1 or more; got ${minFreq}`)
  const vocab = buildVocab(tokens, tokenizer, minFreq)
  const id = new Map(vocab.map((t, i) => [t, i]))
  // tokens left out of the vocabulary (rarer than minFreq) read as <unk>, which is id 0 then
  let unknown = 0
  const ids = Int32Array.from(tokens, (t) => id.get(t) ?? (unknown++, 0))
  const count = Math.floor((ids.length - 1) / steps)
  const x = new Int32Array(count * steps)
  const y = new Int32Array(count * steps)
  for (let s = 0; s < count; s++) {
    x.set(ids.subarray(s * steps, (s + 1) * steps), s * steps)
    y.set(ids.subarray(s * steps + 1, (s + 1) * steps + 1), s * steps)
  }
  const all: Dataset = {
    name: name ?? file,
    task: 'language-model',
    inputShape: [steps],
    inputDtype: 'int32',
    targetShape: [steps],
    numClasses: vocab.length,
    size: count,
    x,
    xScale: 1,
    y,
    text: { ids, starts: Int32Array.from({ length: count }, (_, i) => i * steps) },
    meta: {
      vocab,
      tokenizer,
      layout: 'language-model',
      file: basename(file),
      [unit]: tokens.length,
      ...(minFreq > 1 ? { minFreq, unknownTokens: unknown } : {}),
    },
  }
  // sequential partitioning needs the windows in text order; a limit keeps the first ones
  const order =
    opts.partition === 'sequential'
      ? Int32Array.from({ length: count }, (_, i) => i)
      : shuffleIndices(count, opts.seed ?? 0)
  return selectSamples(all, order, limitOf(count, opts))
}

/** The shipped Time Machine text, or the user's own file when `path` is given. */
export const loadTimeMachine = (opts: DatasetOptions = {}) =>
  loadText({ ...opts, path: opts.path ?? TIME_MACHINE }, opts.path ? undefined : 'time-machine')
