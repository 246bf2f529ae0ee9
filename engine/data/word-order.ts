import { checkGenerated } from '../budget/data'
import { heldOut, timeMachineCorpus, truncatePair, type BertCorpus } from './bert-corpus'
import { rng, subSeed, type Rng } from './random'
import { CLS, pairLayout, PAIR_PAD, SEP } from './sentence-pairs'
import type { Dataset, DatasetOptions } from './types'

export const ORDER_DATASET = 'time-machine-order'

/**
 * A sentence-pair task for fine-tuning BERT, drawn from the same text as its pretraining: two
 * consecutive sentences a and b of the Time Machine, either as written (label 1) or with the
 * words of one of them — a or b, at random — shuffled (label 0; the closing punctuation stays at
 * the end, so the answer is not in the last token). Telling them apart takes knowing how English
 * words follow each other, which masked-word pretraining teaches from unlabelled text and a model
 * trained from scratch must learn from the labelled pairs alone; both sentences must be read.
 *
 * The first `samples` pairs (default 2000) train; a further quarter as many are the dataset's own
 * test set (`testFrom`), every one starting at a held-out sentence (bert-corpus.ts) that neither
 * pretraining nor the training pairs contain.
 */
export async function wordOrder(opts: DatasetOptions = {}): Promise<Dataset> {
  return wordOrderPairs(await timeMachineCorpus(), opts)
}

export function wordOrderPairs(corpus: BertCorpus, opts: DatasetOptions = {}): Dataset {
  const len = opts.size?.[0] ?? 32
  if (!Number.isInteger(len) || len < 8)
    throw new Error(`${ORDER_DATASET}: size[0] must be a whole number ≥ 8, got ${len}`)
  const asked = opts.samples ?? 2000
  const nTrain = opts.limit !== undefined && opts.limit > 0 ? Math.min(asked, Math.floor(opts.limit)) : asked
  const nTest = Math.max(1, Math.ceil(nTrain / 4))
  const n = nTrain + nTest
  checkGenerated(ORDER_DATASET, opts, n, (2 * len + 1) * 4, `${len} tokens, ${len} segment ids and a label`)
  const { vocab, sentences } = corpus
  const last = sentences.length - 1
  // training pairs touch no held-out sentence; test pairs start at one (its successor may be seen)
  const starts = {
    train: sentences.map((_, i) => i).filter((i) => i < last && !heldOut(i) && !heldOut(i + 1)),
    test: sentences.map((_, i) => i).filter((i) => i < last && heldOut(i)),
  }
  const rand = rng(subSeed(opts.seed ?? 0, ORDER_DATASET))
  const x = new Int32Array(n * len)
  const seg = new Int32Array(n * len)
  const y = new Int32Array(n)
  for (let s = 0; s < n; s++) {
    const from = s < nTrain ? starts.train : starts.test
    const i = from[rand.int(from.length)]
    const intact = s % 2 === 0
    let [a, b] = truncatePair(sentences[i], sentences[i + 1], len)
    if (!intact) {
      if (rand() < 0.5) a = shuffled(rand, a)
      else b = shuffled(rand, b)
    }
    const row = pairLayout(a, b, len)
    x.set(row.tokens, s * len)
    seg.set(row.segments, s * len)
    y[s] = intact ? 1 : 0
  }
  return {
    name: ORDER_DATASET,
    task: 'classification',
    inputShape: [len],
    inputDtype: 'int32',
    targetShape: [],
    numClasses: 2,
    classNames: ['shuffled', 'as written'],
    size: n,
    x,
    xScale: 1,
    y,
    testFrom: nTrain,
    moreInputs: [{ name: 'segments', shape: [len], dtype: 'int32', x: seg }],
    meta: {
      vocab,
      tokenizer: 'word',
      padId: PAIR_PAD,
      clsId: CLS,
      sepId: SEP,
      maxLength: len,
      layout: 'sentence-pair',
    },
  }
}

/**
 * The sentence with every word but the last (its closing punctuation) in a new random order; a
 * shuffle that happens to change nothing is drawn again, so a label 0 pair always differs.
 */
export function shuffled(rand: Rng, words: number[]): number[] {
  const body = words.slice(0, -1)
  if (new Set(body).size < 2) return words
  for (;;) {
    const out = body.slice()
    for (let k = out.length - 1; k > 0; k--) {
      const j = rand.int(k + 1)
      ;[out[k], out[j]] = [out[j], out[k]]
    }
    if (out.some((w, k) => w !== body[k])) return [...out, ...words.slice(-1)]
  }
}
