/**
 * The skip-gram dataset: each sample is a center, its real context then 5 noise words, labelled
 * 1 then 0s; noise words follow count^0.75; subsampling thins frequent words more; a seed fixes all.
 */
import { describe, expect, it } from 'vitest'
import { rng } from '../../../engine/data/random'
import {
  NEGATIVES,
  noiseSampler,
  skipGramCorpus,
  skipGramDataset,
  subsample,
  timeMachineSkipGram,
} from '../../../engine/data/skipgram'

// "the" is by far the most common word, "zebra" rare: subsampling must treat them differently
const TEXT = Array.from(
  { length: 2000 },
  (_, i) => `The cat and the dog saw the ${i % 4 === 0 ? 'zebra' : 'bird'} near the house.`,
).join(' ')

describe('time-machine-skipgram', () => {
  it('lays out a center, the context then the noise words, labelled 1 then zeros', () => {
    const corpus = skipGramCorpus(TEXT, 5)
    expect(corpus.vocab[0]).toBe('<unk>')
    expect(corpus.vocab[1]).toBe('the')
    const ds = skipGramDataset(corpus, { samples: 500, seed: 3 })
    const k = 1 + NEGATIVES
    expect(ds.inputShape).toEqual([1])
    expect(ds.targetShape).toEqual([k])
    expect(ds.moreInputs?.[0].shape).toEqual([k])
    expect(ds.size).toBe(500)
    const cand = ds.moreInputs![0].x
    for (let s = 0; s < ds.size; s++) {
      expect(Array.from(ds.y.subarray(s * k, s * k + k))).toEqual([1, 0, 0, 0, 0, 0])
      expect(ds.x[s]).toBeGreaterThan(0)
      for (let j = 0; j < k; j++) expect(cand[s * k + j]).toBeGreaterThan(0)
    }
    // every real context word sits in the same sentence as its center: "." never shows up
    expect(corpus.vocab).not.toContain('.')
  })

  it('draws noise words in proportion to count^0.75', () => {
    const counts = [0, 1000, 100, 10]
    const draw = noiseSampler(counts, rng(1))
    const seen = [0, 0, 0, 0]
    const n = 200_000
    for (let i = 0; i < n; i++) seen[draw()]++
    const w = counts.map((c) => (c ? c ** 0.75 : 0))
    const sum = w.reduce((a, b) => a + b)
    expect(seen[0]).toBe(0)
    for (let i = 1; i < 4; i++) expect(seen[i] / n).toBeCloseTo(w[i] / sum, 2)
  })

  it('subsampling drops a frequent word more often than a rare one', () => {
    const corpus = skipGramCorpus(TEXT, 5)
    const kept = subsample(corpus, rng(7), 1e-2)
    const total = corpus.sentences.flat().length
    const share = (w: string) => {
      const id = corpus.vocab.indexOf(w)
      const count = (ss: number[][]) => ss.flat().filter((x) => x === id).length
      return {
        kept: count(kept) / count(corpus.sentences),
        expected: Math.sqrt((0.01 * total) / count(corpus.sentences)),
      }
    }
    // a word of share f stays with probability √(t / f): 4 of 11 words are "the", 1 in 44 "zebra"
    for (const w of ['the', 'zebra']) expect(share(w).kept).toBeCloseTo(share(w).expected, 1)
    expect(share('the').expected).toBeCloseTo(Math.sqrt(0.01 / (4 / 11)), 6)
    expect(share('the').kept).toBeLessThan(share('zebra').kept / 2)
  })

  it('is the same under the same seed and differs under another', async () => {
    const a = await timeMachineSkipGram({ samples: 2000, seed: 5 })
    const b = await timeMachineSkipGram({ samples: 2000, seed: 5 })
    const c = await timeMachineSkipGram({ samples: 2000, seed: 6 })
    expect(a.meta?.vocab).toEqual(b.meta?.vocab)
    expect(Array.from(a.x)).toEqual(Array.from(b.x))
    expect(Array.from(a.moreInputs![0].x)).toEqual(Array.from(b.moreInputs![0].x))
    expect(Array.from(a.x)).not.toEqual(Array.from(c.x))
    // the book's vocabulary at the course's min_freq 5 (the preset's Embeddings are this wide)
    expect((a.meta?.vocab as string[]).length).toBe(809)
  })
})
