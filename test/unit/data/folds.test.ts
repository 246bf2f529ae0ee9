/**
 * k-fold cross-validation: the partition (sizes, disjointness, coverage, seeding), the split a run
 * gets for a fold, and the mean ± std the CLI reports.
 */
import { describe, expect, it } from 'vitest'
import { datasetSplit } from '../../../engine/data/batches'
import { foldSplit, kFolds, meanStd } from '../../../engine/data/folds'
import { trainingSchema } from '../../../engine/graph/schema'

describe('k-fold partition', () => {
  it.each([
    [506, 5, [102, 101, 101, 101, 101]],
    [10, 3, [4, 3, 3]],
    [12, 4, [3, 3, 3, 3]],
  ])('%i samples in %i folds: sizes %j, disjoint, every sample once', (n, k, sizes) => {
    const folds = kFolds(n, k, 42)
    expect(folds.map((f) => f.length)).toEqual(sizes)
    const all = folds.flatMap((f) => [...f]).sort((a, b) => a - b)
    expect(all).toEqual(Array.from({ length: n }, (_, i) => i))
  })

  it('each fold’s split trains on the other folds and never on its own', () => {
    const folds = kFolds(506, 5, 7)
    for (let f = 0; f < 5; f++) {
      const { train, val } = foldSplit(506, 5, f, 7)
      expect([...val]).toEqual([...folds[f]])
      expect(train.length + val.length).toBe(506)
      const v = new Set(val)
      expect([...train].some((i) => v.has(i))).toBe(false)
      expect(new Set(train).size).toBe(train.length)
    }
  })

  it('is the same for a seed and shuffled differently for another', () => {
    expect([...kFolds(100, 5, 1)[0]]).toEqual([...kFolds(100, 5, 1)[0]])
    expect([...kFolds(100, 5, 1)[0]]).not.toEqual([...kFolds(100, 5, 2)[0]])
  })

  it('refuses more folds than samples and a fold out of range, in one sentence', () => {
    expect(() => kFolds(3, 5, 0)).toThrow('5 folds need at least 5 samples; the dataset has 3')
    expect(() => foldSplit(10, 5, 5, 0)).toThrow('fold must be a whole number from 0 to 4, not 5')
  })

  it('a run with training.folds validates on its fold of the training samples, not the test set', () => {
    const cfg = trainingSchema.parse({ folds: 5, fold: 2, seed: 3 })
    const s = datasetSplit({ size: 600, testFrom: 500 }, cfg)
    expect(s.kind).toBe('fold')
    expect([...s.val]).toEqual([...kFolds(500, 5, 3)[2]])
    expect(Math.max(...s.train, ...s.val)).toBeLessThan(500)
  })

  it('the schema refuses one fold', () => {
    expect(trainingSchema.safeParse({ folds: 1 }).error?.issues[0].message).toBe('must be at least 2')
  })
})

describe('mean ± std across folds', () => {
  it('uses the sample standard deviation', () => {
    // mean 5; squared deviations 9 + 1 + 1 + 9 = 20; 20 / 3
    const r = meanStd([2, 4, 6, 8])
    expect(r.mean).toBe(5)
    expect(r.std).toBeCloseTo(Math.sqrt(20 / 3), 12)
    expect(meanStd([3]).std).toBe(0)
  })
})
