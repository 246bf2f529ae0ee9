import { checkGenerated } from '../budget/data'
import { shuffleAndLimit } from './batches'
import { rng, subSeed, type Rng } from './random'
import type { Dataset, DatasetOptions } from './types'

/** One vocabulary for all three tasks, so a model built for one can be trained on another. */
export const SEQ_VOCAB = ['<pad>', '<bos>', '<eos>', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '+']
export const PAD = 0
export const BOS = 1
export const EOS = 2
const PLUS = 13
const digit = (d: number) => 3 + d

export type SeqTask = 'copy' | 'reverse' | 'add'

/**
 * Sequence-to-sequence tasks in a per-position layout that any sequence model can learn,
 * including a causal (left-to-right) RNN:
 *
 *   input  = <bos> question <eos> <pad> <pad> …
 *   target = <pad> …  <pad>   answer <eos> <pad> …
 *
 * The answer starts at the position of the input's <eos>, i.e. once the whole question has been
 * read. Targets before that are <pad> (meta.padId) so a trainer may mask them. Questions:
 * copy/reverse — 1..L random digits (L = size[0], default 5; answer = same / reversed digits);
 * add — "a+b" with a, b < 10^L (L default 3; answer = the sum's digits).
 */
export function sequenceTask(task: SeqTask, opts: DatasetOptions = {}): Dataset {
  const maxDigits = Math.max(1, opts.size?.[0] ?? (task === 'add' ? 3 : 5))
  const n = opts.samples ?? 5000
  // Longest question + answer: the answer overlaps the question's <eos> position.
  const len = task === 'add' ? 3 * maxDigits + 4 : 2 * maxDigits + 2
  checkGenerated(task, opts, n, len * 8, `${len} tokens and ${len} targets (${len * 8} bytes)`)
  const rand = rng(subSeed(opts.seed ?? 0, task))
  const x = new Int32Array(n * len)
  const y = new Int32Array(n * len)
  for (let s = 0; s < n; s++) {
    const [question, answer] = task === 'add' ? addition(rand, maxDigits) : digits(rand, maxDigits, task)
    const base = s * len
    x[base] = BOS
    for (let i = 0; i < question.length; i++) x[base + 1 + i] = question[i]
    const eosAt = question.length + 1
    x[base + eosAt] = EOS
    for (let i = 0; i < answer.length; i++) y[base + eosAt + i] = answer[i]
    y[base + eosAt + answer.length] = EOS
  }
  return shuffleAndLimit(
    {
      name: task,
      task: 'classification',
      inputShape: [len],
      inputDtype: 'int32',
      targetShape: [len],
      numClasses: SEQ_VOCAB.length,
      classNames: SEQ_VOCAB,
      size: n,
      x,
      xScale: 1,
      y,
      meta: { vocab: SEQ_VOCAB, padId: PAD, bosId: BOS, eosId: EOS, maxDigits, layout: 'answer-after-eos' },
      ignoreTarget: PAD,
    },
    opts,
  )
}

/** Longest question and answer in tokens for L = maxDigits. */
function lengths(task: SeqTask, maxDigits: number) {
  return task === 'add'
    ? { question: 2 * maxDigits + 1, answer: maxDigits + 1 }
    : { question: maxDigits, answer: maxDigits }
}

/**
 * The same tasks for encoder–decoder models (seq2seq, Transformer), with teacher forcing:
 *
 *   source         = question <eos> <pad> …        (x, fed to the encoder)
 *   decoder tokens = <bos> answer <pad> …          (moreInputs[0], fed to the decoder)
 *   target         = answer <eos> <pad> …          (y; <pad> positions are not scored)
 *
 * The decoder reads the answer shifted right by one, so a causal decoder learns to predict the
 * next answer token; at prediction time it is fed its own output (greedy or beam search).
 */
export function sequencePairs(task: SeqTask, opts: DatasetOptions = {}): Dataset {
  const maxDigits = Math.max(1, opts.size?.[0] ?? (task === 'add' ? 3 : 5))
  const n = opts.samples ?? 5000
  const { question: maxQ, answer: maxA } = lengths(task, maxDigits)
  const srcLen = maxQ + 1
  const tgtLen = maxA + 1
  const perSample = srcLen + 2 * tgtLen
  checkGenerated(`${task}-seq2seq`, opts, n, perSample * 4, `${perSample} tokens (${perSample * 4} bytes)`)
  const rand = rng(subSeed(opts.seed ?? 0, `${task}-seq2seq`))
  const x = new Int32Array(n * srcLen)
  const dec = new Int32Array(n * tgtLen)
  const y = new Int32Array(n * tgtLen)
  for (let s = 0; s < n; s++) {
    const [question, answer] = task === 'add' ? addition(rand, maxDigits) : digits(rand, maxDigits, task)
    x.set([...question, EOS], s * srcLen)
    dec.set([BOS, ...answer], s * tgtLen)
    y.set([...answer, EOS], s * tgtLen)
  }
  return shuffleAndLimit(
    {
      name: `${task}-seq2seq`,
      task: 'classification',
      inputShape: [srcLen],
      inputDtype: 'int32',
      targetShape: [tgtLen],
      numClasses: SEQ_VOCAB.length,
      classNames: SEQ_VOCAB,
      size: n,
      x,
      xScale: 1,
      y,
      moreInputs: [{ name: 'decoder tokens', shape: [tgtLen], dtype: 'int32', x: dec }],
      ignoreTarget: PAD,
      meta: { vocab: SEQ_VOCAB, padId: PAD, bosId: BOS, eosId: EOS, maxDigits, layout: 'encoder-decoder' },
    },
    opts,
  )
}

function digits(rand: Rng, maxDigits: number, task: SeqTask): [number[], number[]] {
  const length = 1 + rand.int(maxDigits)
  const q = Array.from({ length }, () => digit(rand.int(10)))
  return [q, task === 'reverse' ? q.slice().reverse() : q]
}

function addition(rand: Rng, maxDigits: number): [number[], number[]] {
  const limit = 10 ** maxDigits
  const a = rand.int(limit)
  const b = rand.int(limit)
  const tokens = (v: number) => Array.from(String(v), (ch) => digit(Number(ch)))
  return [[...tokens(a), PLUS, ...tokens(b)], tokens(a + b)]
}

/** Token ids → text, dropping <pad>; for the UI and for tests. */
export function decodeTokens(ids: ArrayLike<number>, vocab: string[] = SEQ_VOCAB): string {
  let s = ''
  for (let i = 0; i < ids.length; i++) if (ids[i] !== PAD) s += vocab[ids[i]]
  return s
}

/**
 * Sequence classification: is a digit string (1..L digits, L = size[0], default 8) a palindrome?
 * Tokens are padded with <pad> to L; half the samples are palindromes, the others are palindromes
 * with one digit changed, so the model must compare positions from both ends — a job for
 * self-attention. Classes: 0 = no, 1 = yes.
 */
export function palindromes(opts: DatasetOptions = {}): Dataset {
  const maxDigits = Math.max(2, opts.size?.[0] ?? 8)
  const n = opts.samples ?? 4000
  checkGenerated('palindrome', opts, n, (maxDigits + 1) * 4, `${maxDigits} tokens and a label`)
  const rand = rng(subSeed(opts.seed ?? 0, 'palindrome'))
  const x = new Int32Array(n * maxDigits)
  const y = new Int32Array(n)
  for (let s = 0; s < n; s++) {
    const length = 2 + rand.int(maxDigits - 1)
    const half = Array.from({ length: Math.ceil(length / 2) }, () => rand.int(10))
    const seq = [...half, ...half.slice(0, Math.floor(length / 2)).reverse()]
    const yes = s % 2 === 0
    if (!yes) {
      // change a digit whose mirror is another position, so the string is no longer a palindrome
      const at = rand.int(Math.floor(length / 2))
      seq[at] = (seq[at] + 1 + rand.int(9)) % 10
    }
    x.set(seq.map(digit), s * maxDigits)
    y[s] = yes ? 1 : 0
  }
  return shuffleAndLimit(
    {
      name: 'palindrome',
      task: 'classification',
      inputShape: [maxDigits],
      inputDtype: 'int32',
      targetShape: [],
      numClasses: 2,
      classNames: ['no', 'yes'],
      size: n,
      x,
      xScale: 1,
      y,
      meta: { vocab: SEQ_VOCAB, padId: PAD, maxDigits, layout: 'sequence-classification' },
    },
    opts,
  )
}
