import { checkGenerated } from '../budget/data'
import { heldOut, timeMachineCorpus, truncatePair, type BertCorpus } from './bert-corpus'
import { rng, subSeed, type Rng } from './random'
import { CLS, pairLayout, PAIR_PAD, SEP } from './sentence-pairs'
import type { Dataset, DatasetOptions } from './types'

export const PASSAGE_DATASET = 'time-machine-passages'
export const NEXT_DATASET = 'time-machine-next'
/** b is "from the same passage" within this many sentences of a … */
export const NEAR = 5
/** … and from elsewhere in the book at least this many sentences away. */
export const FAR = 100

/**
 * A sentence-pair task for fine-tuning BERT, drawn from the same text as its pretraining: are
 * sentences a and b from the same passage of the Time Machine (b within 5 sentences of a, label 1)
 * or from far apart in the book (at least 100 sentences, label 0)? Solving it takes knowing which
 * words go together in a scene (the dinner party, the Eloi, the Morlocks), which pretraining can
 * teach and a model trained from scratch must learn from the labelled pairs alone.
 *
 * The first `samples` pairs (default 1600) train; half as many again are the dataset's own
 * test set (`testFrom`), every one anchored on a held-out sentence (bert-corpus.ts) that neither
 * pretraining nor the training pairs contain.
 */
export async function samePassage(opts: DatasetOptions = {}): Promise<Dataset> {
  return passagePairs(await timeMachineCorpus(), opts)
}

/**
 * The same pairs with "same passage" narrowed to "b is the sentence right after a": the
 * next-sentence task of pretraining asked again of sentences it never saw, with far-apart b's as
 * the negatives. The closest downstream task to pretraining, for comparison with the passage one.
 */
export async function nextSentence(opts: DatasetOptions = {}): Promise<Dataset> {
  return passagePairs(await timeMachineCorpus(), opts, 'next')
}

export function passagePairs(
  corpus: BertCorpus,
  opts: DatasetOptions = {},
  kind: 'passage' | 'next' = 'passage',
): Dataset {
  const name = kind === 'next' ? NEXT_DATASET : PASSAGE_DATASET
  const len = opts.size?.[0] ?? 32
  if (!Number.isInteger(len) || len < 8)
    throw new Error(`${name}: size[0] must be a whole number ≥ 8, got ${len}`)
  const asked = opts.samples ?? 1600
  const nTrain = opts.limit !== undefined && opts.limit > 0 ? Math.min(asked, Math.floor(opts.limit)) : asked
  const nTest = Math.max(1, Math.ceil(nTrain / 2))
  const n = nTrain + nTest
  checkGenerated(name, opts, n, (2 * len + 1) * 4, `${len} tokens, ${len} segment ids and a label`)
  const { vocab, sentences } = corpus
  const all = sentences.map((_, i) => i)
  const seen = all.filter((i) => !heldOut(i))
  // a next-sentence anchor needs a next sentence that may be paired (never a held-out one)
  const hasNext = (i: number) => kind === 'passage' || (i + 1 < sentences.length && !heldOut(i + 1))
  const anchors = { train: seen.filter(hasNext), test: all.filter((i) => heldOut(i) && hasNext(i)) }
  const rand = rng(subSeed(opts.seed ?? 0, name))
  const x = new Int32Array(n * len)
  const seg = new Int32Array(n * len)
  const y = new Int32Array(n)
  for (let s = 0; s < n; s++) {
    const from = s < nTrain ? anchors.train : anchors.test
    const same = s % 2 === 0
    const i = from[rand.int(from.length)]
    const j = kind === 'next' && same ? i + 1 : partner(rand, i, same, seen, sentences.length)
    const row = pairLayout(...truncatePair(sentences[i], sentences[j], len), len)
    x.set(row.tokens, s * len)
    seg.set(row.segments, s * len)
    y[s] = same ? 1 : 0
  }
  return {
    name,
    task: 'classification',
    inputShape: [len],
    inputDtype: 'int32',
    targetShape: [],
    numClasses: 2,
    classNames: ['far apart', 'same passage'],
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

/** A training sentence near `i` (same passage) or far from it; b is never a held-out sentence. */
function partner(rand: Rng, i: number, same: boolean, seen: number[], total: number): number {
  for (;;) {
    const j = same ? i - NEAR + rand.int(2 * NEAR + 1) : seen[rand.int(seen.length)]
    const d = Math.abs(j - i)
    if (j < 0 || j >= total || heldOut(j)) continue
    if (same ? d >= 1 && d <= NEAR : d >= FAR) return j
  }
}
