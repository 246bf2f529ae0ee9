/**
 * Prediction for sequence models from text: encode the input with the vocabulary saved in the
 * checkpoint, feed the model the way its training data was laid out, decode the answer.
 *
 * Autoregressive decoding re-runs the model on the whole (fixed-length) window at each step and
 * reads the position after the prefix. That is exact for causal models — an RNN that reads left
 * to right, a decoder with causal self-attention — because positions after the prefix cannot
 * influence it, whatever they hold.
 */
import type * as tfTypes from '@tensorflow/tfjs'
import { rng } from '../data/random'
import { pairLayout } from '../data/sentence-pairs'
import { detokenize, encode } from '../data/tokenize'
import type { Analysis } from '../graph/analyze'
import type { Tf } from '../layers/types'
import { bleu } from '../train/bleu'
import type { Head } from '../train/losses'
import type { SavedDataset } from '../train/saved-dataset'
import type { DetectedBox } from './detect'
import { beamSearch, greedy, sample, type Hypothesis, type NextToken } from './decode'

export interface PredictOptions {
  input: string
  /** Beam width for encoder–decoder models; 1 (default) is greedy search. */
  beam?: number
  /** Language models: sampling temperature (default 1; 0 = greedy). */
  temperature?: number
  /** Language models: draw only from the k likeliest tokens (default: all). */
  topK?: number
  /** Language models: tokens to generate (default 100 characters or 30 words). */
  length?: number
  seed?: number
  /** Encoder–decoder models: the expected answer, scored against the output by BLEU (k = 2). */
  reference?: string
}

export interface Prediction {
  layout: string
  input: string
  /** The generated continuation, the decoded answer, or the predicted class. */
  output: string
  /** Beam search: every hypothesis, best first. */
  candidates?: { text: string; logProb: number; score: number }[]
  /** With a reference: the course's BLEU (k = 2) of the output against it. */
  bleu?: number
  /** Classifiers: probability of each class. */
  probabilities?: { label: string; p: number }[]
  /** Detectors: the boxes found, most confident first. */
  boxes?: DetectedBox[]
}

export interface Predictor {
  tf: Tf
  model: tfTypes.LayersModel
  analysis: Analysis
  head: Head
  data: SavedDataset
}

const need = <T>(v: T | undefined, what: string): T => {
  if (v === undefined) throw new Error(`the checkpoint's dataset has no ${what}: train the model again`)
  return v
}

export async function predict(p: Predictor, o: PredictOptions): Promise<Prediction> {
  const layout = p.data.layout
  switch (layout) {
    case 'language-model':
      return continueText(p, o)
    case 'encoder-decoder':
      return translate(p, o)
    case 'answer-after-eos':
      return answerInPlace(p, o)
    case 'sentence-pair':
      return classifyPair(p, o)
    case 'sequence-classification':
      return classifySequence(p, o)
    default:
      throw new Error(
        `prediction from text works for the sequence datasets (text, time-machine, copy/reverse/add, *-seq2seq, palindrome, same-multiset); this model was trained on '${p.data.name}'`,
      )
  }
}

/** Rows of log-probabilities at one position per sample from a batch of model inputs. */
async function logProbsAt(
  p: Predictor,
  inputs: tfTypes.Tensor[],
  positions: number[],
): Promise<Float32Array[]> {
  const out = p.tf.tidy(() => {
    const y = p.model.predict(inputs.length === 1 ? inputs[0] : inputs) as tfTypes.Tensor
    const [, steps, v] = y.shape
    const picked = p.tf.gather(
      y.reshape([-1, v!]),
      positions.map((t, i) => i * steps! + t),
    )
    return p.head === 'logits' ? p.tf.logSoftmax(picked) : p.tf.log(p.tf.clipByValue(picked, 1e-12, 1))
  })
  // asynchronous reads throughout: a synchronous one throws on webgpu in Node
  const data = (await out.data()) as Float32Array
  const v = out.shape[1]!
  out.dispose()
  return positions.map((_, i) => data.slice(i * v, (i + 1) * v))
}

/** Places each prefix at the start of a `len` window (the last `len` tokens if longer), padded with `fill`. */
function windows(prefixes: number[][], len: number, fill: number) {
  const ids = new Int32Array(prefixes.length * len).fill(fill)
  const positions = prefixes.map((seq, i) => {
    const w = seq.slice(-len)
    ids.set(w, i * len)
    return w.length - 1
  })
  return { ids, positions }
}

async function continueText(p: Predictor, o: PredictOptions): Promise<Prediction> {
  const vocab = need(p.data.vocab, 'vocabulary')
  const kind = p.data.tokenizer ?? 'char'
  if ((o.beam ?? 1) > 1)
    throw new Error(
      'beam search is for encoder–decoder models; a language model samples (--temperature, 0 = greedy)',
    )
  const prompt = encode(o.input, vocab, kind)
  if (!prompt.length) throw new Error('give some text to continue (--input "the time")')
  const len = p.data.inputShape[0]
  const next: NextToken = async (prefixes) => {
    const { ids, positions } = windows(prefixes, len, 0)
    const x = p.tf.tensor2d(ids, [prefixes.length, len], 'int32')
    try {
      return await logProbsAt(p, [x], positions)
    } finally {
      x.dispose()
    }
  }
  const temperature = o.temperature ?? 1
  const h = await sample(next, prompt, {
    maxLength: o.length ?? (kind === 'word' ? 30 : 100),
    temperature,
    ...(o.topK !== undefined ? { topK: o.topK } : {}),
    rand: rng(o.seed ?? 0),
  })
  const output = detokenize(h.tokens, vocab, kind)
  return {
    layout: 'language-model',
    input: o.input,
    output: kind === 'word' && output ? ' ' + output : output,
  }
}

/** The question's token ids; whitespace is ignored, so "1 2 3" and "123" are the same input. */
function question(p: Predictor, text: string): number[] {
  const vocab = need(p.data.vocab, 'vocabulary')
  const ids = encode(text.replace(/\s+/g, ''), vocab, 'char')
  if (!ids.length) throw new Error('give an input sequence (--input "12345")')
  return ids
}

async function translate(p: Predictor, o: PredictOptions): Promise<Prediction> {
  const vocab = need(p.data.vocab, 'vocabulary')
  const eos = need(p.data.eosId, 'end token')
  const bos = need(p.data.bosId, 'start token')
  const pad = p.data.padId ?? 0
  const srcLen = p.data.inputShape[0]
  const tgtLen = need(p.data.moreInputs?.[0], 'decoder input').shape[0]
  const q = question(p, o.input)
  if (q.length + 1 > srcLen)
    throw new Error(`the input has ${q.length} tokens; this model reads at most ${srcLen - 1}`)
  const src = new Int32Array(srcLen).fill(pad)
  src.set([...q, eos])
  const next: NextToken = async (prefixes) => {
    const { ids, positions } = windows(prefixes, tgtLen, pad)
    const n = prefixes.length
    const s = p.tf.tensor2d(
      Int32Array.from({ length: n * srcLen }, (_, i) => src[i % srcLen]),
      [n, srcLen],
      'int32',
    )
    const d = p.tf.tensor2d(ids, [n, tgtLen], 'int32')
    try {
      return await logProbsAt(p, [s, d], positions)
    } finally {
      p.tf.dispose([s, d])
    }
  }
  const text = (h: Hypothesis) => detokenize(h.tokens, vocab, 'char')
  // answers are token strings (one character per token), compared token by token
  const ref = o.reference?.replace(/\s+/g, '')
  const scored = (h: Hypothesis) =>
    ref !== undefined ? { bleu: bleu(Array.from(text(h)), Array.from(ref)) } : {}
  const width = o.beam ?? 1
  if (width <= 1) {
    const h = await greedy(next, [bos], { maxLength: tgtLen, eos })
    return { layout: 'encoder-decoder', input: o.input, output: text(h), ...scored(h) }
  }
  const hs = await beamSearch(next, [bos], { maxLength: tgtLen, eos, beamWidth: width })
  return {
    layout: 'encoder-decoder',
    input: o.input,
    output: text(hs[0]),
    ...scored(hs[0]),
    candidates: hs.map((h) => ({ text: text(h), logProb: h.logProb, score: h.score })),
  }
}

/** The per-position layout: one pass over <bos> question <eos>, the answer is read from <eos> on. */
async function answerInPlace(p: Predictor, o: PredictOptions): Promise<Prediction> {
  const vocab = need(p.data.vocab, 'vocabulary')
  const eos = need(p.data.eosId, 'end token')
  const bos = need(p.data.bosId, 'start token')
  const len = p.data.inputShape[0]
  const q = question(p, o.input)
  if (q.length + 2 > len)
    throw new Error(`the input has ${q.length} tokens; this model reads at most ${len - 2}`)
  const ids = new Int32Array(len).fill(p.data.padId ?? 0)
  ids.set([bos, ...q, eos])
  const x = p.tf.tensor2d(ids, [1, len], 'int32')
  const positions = Array.from({ length: len - q.length - 1 }, (_, i) => q.length + 1 + i)
  const best = p.tf.tidy(() => p.tf.argMax(p.model.predict(x) as tfTypes.Tensor, -1))
  x.dispose()
  const pred = await best.data()
  best.dispose()
  const answer: number[] = []
  for (const t of positions) {
    if (pred[t] === eos) break
    answer.push(pred[t])
  }
  return { layout: 'answer-after-eos', input: o.input, output: detokenize(answer, vocab, 'char') }
}

async function classifySequence(p: Predictor, o: PredictOptions): Promise<Prediction> {
  const q = question(p, o.input)
  const len = p.data.inputShape[0]
  if (q.length > len) throw new Error(`the input has ${q.length} tokens; this model reads at most ${len}`)
  const ids = new Int32Array(len).fill(p.data.padId ?? 0)
  ids.set(q)
  return classified(p, o, [p.tf.tensor2d(ids, [1, len], 'int32')], 'sequence-classification')
}

async function classifyPair(p: Predictor, o: PredictOptions): Promise<Prediction> {
  const parts = o.input.split('|')
  if (parts.length !== 2) throw new Error('give the two sequences separated by "|", e.g. --input "abc|cab"')
  const [a, b] = parts.map((s) => question(p, s))
  const len = p.data.inputShape[0]
  const { tokens, segments } = pairLayout(a, b, len)
  const inputs = [tokens, segments].map((v) => p.tf.tensor2d(v, [1, len], 'int32'))
  return classified(p, o, inputs, 'sentence-pair')
}

/** One forward pass of a classifier; disposes `inputs`. */
async function classified(
  p: Predictor,
  o: PredictOptions,
  inputs: tfTypes.Tensor[],
  layout: string,
): Promise<Prediction> {
  const out = p.tf.tidy(() => {
    const y = p.model.predict(inputs.length === 1 ? inputs[0] : inputs) as tfTypes.Tensor
    return p.head === 'logits' ? p.tf.softmax(y) : y
  })
  p.tf.dispose(inputs)
  const probs = await out.data()
  out.dispose()
  const names = p.data.classNames ?? Array.from(probs, (_, i) => `class ${i}`)
  const probabilities = names.map((label, i) => ({ label, p: probs[i] }))
  const best = probabilities.reduce((m, c) => (c.p > m.p ? c : m))
  return { layout, input: o.input, output: best.label, probabilities }
}
