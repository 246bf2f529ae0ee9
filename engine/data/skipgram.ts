import { readFile } from 'node:fs/promises'
import { checkGenerated } from '../budget/data'
import { shuffleAndLimit } from './batches'
import { splitSentences } from './bert-corpus'
import { rng, subSeed, type Rng } from './random'
import { TIME_MACHINE } from './text'
import { buildVocab, tokenCounts, tokenize } from './tokenize'
import type { Dataset, DatasetOptions } from './types'

export const SKIPGRAM_DATASET = 'time-machine-skipgram'
/** The course's word2vec settings: rarer words are dropped, windows reach up to 5 words each side. */
export const SKIPGRAM_MIN_FREQ = 5
export const MAX_WINDOW = 5
/** Noise words drawn per (center, context) pair. */
export const NEGATIVES = 5
/** Subsampling threshold t: a word making up more than this share of the text is thinned out. */
export const SUBSAMPLE_T = 1e-4
/** Noise words are drawn in proportion to count^0.75, which lifts rare words above their share. */
export const NOISE_POWER = 0.75

export interface SkipGramCorpus {
  /** <unk> (id 0, never used as a center, context or noise word), then words by falling count. */
  vocab: string[]
  /** Occurrences of each vocabulary word in the text (0 for <unk>). */
  counts: number[]
  /** Ids of each sentence's in-vocabulary words, in text order. */
  sentences: number[][]
}

const isWord = (t: string) => /[\p{L}\p{N}]/u.test(t)

/**
 * Word tokens of the text, punctuation left out (the course trains on a corpus of bare words), and
 * words seen fewer than `minFreq` times removed outright, as the course does with its <unk>s: a
 * rare word would only add noise to its neighbours' windows.
 */
export function skipGramCorpus(text: string, minFreq = SKIPGRAM_MIN_FREQ): SkipGramCorpus {
  const tokens = tokenize(text.replace(/\r\n?/g, '\n'), 'word')
  const vocab = buildVocab(tokens.filter(isWord), 'word', minFreq)
  const id = new Map(vocab.map((t, i) => [t, i]))
  const byWord = tokenCounts(tokens)
  const counts = vocab.map((w, i) => (i === 0 ? 0 : (byWord.get(w) ?? 0)))
  const sentences = splitSentences(tokens)
    .map((s) => s.map((t) => id.get(t) ?? 0).filter((i) => i > 0))
    .filter((s) => s.length > 1)
  return { vocab, counts, sentences }
}

/**
 * Subsampling: a word whose share f of the text is above t survives with probability √(t / f), so
 * "the" and "and" lose most of their occurrences while rarer, more telling words all stay. Fewer
 * pairs are then spent on what a frequent word predicts about nothing in particular.
 */
export function subsample(corpus: SkipGramCorpus, rand: Rng, t = SUBSAMPLE_T): number[][] {
  const total = corpus.sentences.reduce((n, s) => n + s.length, 0)
  const keep = corpus.counts.map((c) => (c > 0 ? Math.sqrt((t * total) / c) : 0))
  return corpus.sentences.map((s) => s.filter((w) => rand() < keep[w]))
}

/** Draws noise word ids with probability ∝ count^0.75 (a cumulative table and a binary search). */
export function noiseSampler(counts: number[], rand: Rng, power = NOISE_POWER): () => number {
  const cum = new Float64Array(counts.length)
  let sum = 0
  counts.forEach((c, i) => {
    sum += c > 0 ? Math.pow(c, power) : 0
    cum[i] = sum
  })
  if (!(sum > 0)) throw new Error('skip-gram: the vocabulary has no words to draw noise words from')
  return () => {
    const r = rand() * sum
    let lo = 0
    let hi = cum.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (cum[mid] > r) hi = mid
      else lo = mid + 1
    }
    return lo
  }
}

/**
 * Skip-gram with negative sampling, as the course builds it: after subsampling, every word is a
 * center whose context is the words within a window drawn anew for it (1 to `size[0]`, default
 * 5, words each side, inside its sentence). Each (center, context) pair is one sample:
 *
 *   x            = [center id]
 *   moreInputs[0] = [context id, noise₁ … noise₅]   (the candidates)
 *   y            = [1, 0, 0, 0, 0, 0]                (is each candidate the real context?)
 *
 * so the model scores each candidate against the center and binary cross-entropy trains it to
 * tell the real context from noise words drawn ∝ count^0.75. Like the course, a noise word that
 * happens to equal the context is left in: with hundreds of words it is rare and only adds noise.
 *
 * Subsampling at the course's t = 10⁻⁴ leaves a short book only ~15,000 pairs per pass; `samples`
 * asks for that many pairs instead, from as many passes as it takes, each drawing its subsample,
 * windows and noise words anew (the course's corpus is 25 times larger and makes one pass).
 */
export function skipGramDataset(corpus: SkipGramCorpus, opts: DatasetOptions = {}): Dataset {
  const maxWindow = opts.size?.[0] ?? MAX_WINDOW
  if (!Number.isInteger(maxWindow) || maxWindow < 1)
    throw new Error(
      `${SKIPGRAM_DATASET}: size[0] (the largest window) must be a whole number ≥ 1, got ${maxWindow}`,
    )
  const seed = opts.seed ?? 0
  const rand = rng(subSeed(seed, SKIPGRAM_DATASET))
  const wanted = opts.samples
  const k = 1 + NEGATIVES
  // a single pass is ~15,000 pairs; only an asked-for count can be large
  checkGenerated(
    SKIPGRAM_DATASET,
    opts,
    wanted ?? 0,
    (1 + 2 * k) * 4,
    `a center, ${k} candidates and ${k} labels`,
  )
  const centers: number[] = []
  const contexts: number[] = []
  // one pass over the book, or as many (each subsampled and windowed afresh) as `samples` asks
  do {
    const before = centers.length
    for (const s of subsample(corpus, rand)) {
      for (let i = 0; i < s.length; i++) {
        const w = 1 + rand.int(maxWindow)
        for (let j = Math.max(0, i - w); j <= Math.min(s.length - 1, i + w); j++)
          if (j !== i) {
            centers.push(s[i])
            contexts.push(s[j])
          }
      }
    }
    if (centers.length === before) throw new Error(`${SKIPGRAM_DATASET}: the text gives no word pairs`)
  } while (wanted !== undefined && centers.length < wanted)
  const n = wanted === undefined ? centers.length : wanted
  const noise = noiseSampler(corpus.counts, rng(subSeed(seed, `${SKIPGRAM_DATASET}/noise`)))
  const x = Int32Array.from(centers.slice(0, n))
  const candidates = new Int32Array(n * k)
  const y = new Int32Array(n * k)
  for (let p = 0; p < n; p++) {
    candidates[p * k] = contexts[p]
    y[p * k] = 1
    for (let j = 1; j < k; j++) candidates[p * k + j] = noise()
  }
  return shuffleAndLimit(
    {
      name: SKIPGRAM_DATASET,
      task: 'classification',
      inputShape: [1],
      inputDtype: 'int32',
      targetShape: [k],
      size: n,
      x,
      xScale: 1,
      y,
      moreInputs: [{ name: 'candidates', shape: [k], dtype: 'int32', x: candidates }],
      meta: {
        vocab: corpus.vocab,
        layout: 'skip-gram',
        maxWindow,
        negatives: NEGATIVES,
      },
    },
    opts,
  )
}

let cached: { minFreq: number; corpus: Promise<SkipGramCorpus> } | undefined

/** The shipped Time Machine as skip-gram pairs; the corpus is read once per process and minFreq. */
export async function timeMachineSkipGram(opts: DatasetOptions = {}): Promise<Dataset> {
  const minFreq = opts.minFreq ?? SKIPGRAM_MIN_FREQ
  if (cached?.minFreq !== minFreq) {
    const corpus = readFile(TIME_MACHINE, 'utf8').then((t) => skipGramCorpus(t, minFreq))
    // a failed read is not kept: the next call tries the file again
    corpus.catch(() => (cached = undefined))
    cached = { minFreq, corpus }
  }
  return skipGramDataset(await cached.corpus, opts)
}
