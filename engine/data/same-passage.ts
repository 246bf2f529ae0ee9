import { checkGenerated } from '../budget/data'
import { heldOut, timeMachineCorpus, truncatePair, type BertCorpus } from './bert-corpus'
import { rng, subSeed, type Rng } from './random'
import { CLS, pairLayout, PAIR_PAD, SEP } from './sentence-pairs'
import type { Dataset, DatasetOptions } from './types'

export const PASSAGE_DATASET = 'time-machine-passages'
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

export function passagePairs(corpus: BertCorpus, opts: DatasetOptions = {}): Dataset {
  const len = opts.size?.[0] ?? 32
  if (!Number.isInteger(len) || len < 8)
    throw new Error(`${PASSAGE_DATASET}: size[0] must be a whole number ≥ 8, got ${len}`)
  const asked = opts.samples ?? 1600
  const nTrain = opts.limit !== undefined && opts.limit > 0 ? Math.min(asked, Math.floor(opts.limit)) : asked
  const nTest = Math.max(1, Math.ceil(nTrain / 2))
  const n = nTrain + nTest
  checkGenerated(PASSAGE_DATASET, opts, n, (2 * len + 1) * 4, `${len} tokens, ${len} segment ids and a label`)
  const { vocab, sentences } = corpus
  const all = sentences.map((_, i) => i)
  const seen = all.filter((i) => !heldOut(i))
  const anchors = { train: seen, test: all.filter(heldOut) }
  const rand = rng(subSeed(opts.seed ?? 0, PASSAGE_DATASET))
  const x = new Int32Array(n * len)
  const seg = new Int32Array(n * len)
  const y = new Int32Array(n)
  for (let s = 0; s < n; s++) {
    const from = s < nTrain ? anchors.train : anchors.test
    const same = s % 2 === 0
    const i = from[rand.int(from.length)]
    const j = partner(rand, i, same, seen, sentences.length)
    const row = pairLayout(...truncatePair(sentences[i], sentences[j], len), len)
    x.set(row.tokens, s * len)
    seg.set(row.segments, s * len)
    y[s] = same ? 1 : 0
  }
  return {
    name: PASSAGE_DATASET,
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
