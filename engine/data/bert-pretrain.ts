import { checkGenerated } from '../budget/data'
import { shuffleAndLimit } from './batches'
import { FIRST_WORD, heldOut, MASK, timeMachineCorpus, truncatePair, type BertCorpus } from './bert-corpus'
import { maskTokens, NOT_PREDICTED } from './mlm'
import { rng, subSeed } from './random'
import { CLS, pairLayout, PAIR_PAD, SEP } from './sentence-pairs'
import type { Dataset, DatasetOptions } from './types'

export const MLM_DATASET = 'time-machine-mlm'

/**
 * BERT's two pretraining tasks on the Time Machine, one sample per sentence pair:
 *
 *   x (tokens)   = [CLS] a [SEP] b [SEP] <pad>…, 15% of a's and b's tokens corrupted (see mlm.ts)
 *   segments     = 0 for [CLS] a [SEP], 1 for b [SEP]
 *   y[0]         = 1 when b is the sentence after a in the book, 0 when it is a random one (half each)
 *   y[t], t ≥ 1  = the original token at a corrupted position, −1 (not scored) elsewhere
 *
 * Position 0 is [CLS], never corrupted, so one target row carries both tasks; the 'mlm-nsp'
 * loss reads it that way. Every sample draws its own pair and its own masks from the seed, so
 * `samples` can exceed the number of sentence pairs (the masks differ each time, as in RoBERTa's
 * dynamic masking). Sequences are size[0] positions (default 32); longer pairs are truncated.
 */
export async function bertPretraining(opts: DatasetOptions = {}): Promise<Dataset> {
  return pretrainingSamples(await timeMachineCorpus(), opts)
}

export function pretrainingSamples(corpus: BertCorpus, opts: DatasetOptions = {}): Dataset {
  const len = opts.size?.[0] ?? 32
  if (!Number.isInteger(len) || len < 8)
    throw new Error(`${MLM_DATASET}: size[0] must be a whole number ≥ 8, got ${len}`)
  const n = opts.samples ?? 20000
  checkGenerated(MLM_DATASET, opts, n, 3 * len * 4, `${len} tokens, segment ids and targets`)
  const { vocab, sentences } = corpus
  // a pair never touches a held-out sentence: those validate the fine-tuned model
  const usable = sentences.map((_, i) => i).filter((i) => !heldOut(i))
  const starts = usable.filter((i) => i + 1 < sentences.length && !heldOut(i + 1))
  const rand = rng(subSeed(opts.seed ?? 0, MLM_DATASET))
  const words = { mask: MASK, firstWord: FIRST_WORD, size: vocab.length }
  const x = new Int32Array(n * len)
  const seg = new Int32Array(n * len)
  const y = new Int32Array(n * len)
  for (let s = 0; s < n; s++) {
    const i = starts[rand.int(starts.length)]
    const isNext = rand() < 0.5
    let j = i + 1
    while (!isNext && j === i + 1) j = usable[rand.int(usable.length)]
    const [a, b] = truncatePair(sentences[i], sentences[j], len)
    const row = pairLayout(a, b, len)
    const used = a.length + b.length + 3
    const candidates = row.tokens.flatMap((t, at) => (at < used && t !== CLS && t !== SEP ? [at] : []))
    const { input, target } = maskTokens(row.tokens.slice(0, used), candidates, words, rand)
    x.set(input, s * len)
    seg.set(row.segments, s * len)
    y.fill(NOT_PREDICTED, s * len, (s + 1) * len)
    y.set(target, s * len)
    y[s * len] = isNext ? 1 : 0
  }
  return shuffleAndLimit(
    {
      name: MLM_DATASET,
      task: 'classification',
      inputShape: [len],
      inputDtype: 'int32',
      targetShape: [len],
      numClasses: vocab.length,
      size: n,
      x,
      xScale: 1,
      y,
      moreInputs: [{ name: 'segments', shape: [len], dtype: 'int32', x: seg }],
      ignoreTarget: NOT_PREDICTED,
      meta: {
        vocab,
        tokenizer: 'word',
        padId: PAIR_PAD,
        clsId: CLS,
        sepId: SEP,
        maskId: MASK,
        maxLength: len,
        layout: 'masked-lm',
      },
    },
    opts,
  )
}
