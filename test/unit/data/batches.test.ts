import { describe, expect, it } from 'vitest'
import {
  columnStats,
  gatherBatch,
  selectSamples,
  shuffleAndLimit,
  datasetSplit,
  splitIndices,
  standardizeColumns,
} from '../../../engine/data/batches'
import type { Dataset } from '../../../engine/data/types'

const images: Dataset = {
  name: 'tiny',
  task: 'classification',
  inputShape: [2, 2, 1],
  inputDtype: 'float32',
  targetShape: [],
  numClasses: 3,
  size: 3,
  x: Uint8Array.from([0, 255, 51, 102, 10, 20, 30, 40, 255, 255, 255, 255]),
  xScale: 1 / 255,
  y: Uint8Array.from([2, 0, 1]),
}

describe('splitIndices', () => {
  it('splits into disjoint sets covering everything, seeded', () => {
    const { train, val } = splitIndices(100, 0.2, 1)
    expect(train.length).toBe(80)
    expect(val.length).toBe(20)
    expect(new Set([...train, ...val]).size).toBe(100)
    expect(splitIndices(100, 0.2, 1)).toEqual({ train, val })
    expect(splitIndices(100, 0.2, 2).val).not.toEqual(val)
  })

  it('keeps at least one sample on each side when it can', () => {
    expect(splitIndices(10, 0.01, 0).val.length).toBe(1)
    expect(splitIndices(10, 1, 0).train.length).toBe(1)
    expect(splitIndices(10, 0, 0).val.length).toBe(0)
    expect(splitIndices(1, 0.5, 0)).toEqual({ train: Int32Array.from([0]), val: new Int32Array(0) })
  })
})

describe('gatherBatch', () => {
  it('scales byte images to float32 and gives class ids as int32', () => {
    const b = gatherBatch(images, [2, 0], 0, 2)
    expect(b.x).toBeInstanceOf(Float32Array)
    expect(b.y).toBeInstanceOf(Int32Array)
    const want = [255, 255, 255, 255, 0, 255, 51, 102].map((v) => v / 255)
    b.x.forEach((v, i) => expect(v).toBeCloseTo(want[i], 6))
    expect([...b.y]).toEqual([1, 2])
  })

  it('honours start/end and clips at the end of the index list', () => {
    const b = gatherBatch(images, [0, 1, 2], 2, 10)
    expect(b.x.length).toBe(4)
    expect([...b.y]).toEqual([1])
  })

  it('reuses the previous buffers when sizes match', () => {
    const a = gatherBatch(images, [0, 1], 0, 2)
    const b = gatherBatch(images, [2, 1], 0, 2, a)
    expect(b.x).toBe(a.x)
    expect(b.y).toBe(a.y)
    expect([...b.y]).toEqual([1, 0])
    const c = gatherBatch(images, [2], 0, 1, a)
    expect(c.x).not.toBe(a.x)
  })

  it('keeps int32 token inputs and float targets for regression and binary masks', () => {
    const tokens: Dataset = {
      ...images,
      task: 'language-model',
      inputShape: [2],
      inputDtype: 'int32',
      targetShape: [2],
      x: Int32Array.from([1, 2, 3, 4]),
      y: Int32Array.from([2, 3, 4, 5]),
      size: 2,
    }
    const t = gatherBatch(tokens, [1], 0, 1)
    expect(t.x).toBeInstanceOf(Int32Array)
    expect([...t.x, ...t.y]).toEqual([3, 4, 4, 5])
    const masks: Dataset = { ...images, task: 'segmentation', numClasses: 1, targetShape: [1], size: 3 }
    expect(gatherBatch(masks, [0], 0, 1).y).toBeInstanceOf(Float32Array)
    const reg: Dataset = {
      ...images,
      task: 'regression',
      targetShape: [1],
      y: Float32Array.from([0.5, 1, 2]),
    }
    expect([...gatherBatch(reg, [0], 0, 1).y]).toEqual([0.5])
  })

  it('rejects out-of-range indices with the dataset name', () => {
    expect(() => gatherBatch(images, [3], 0, 1)).toThrow(/tiny: sample index 3/)
  })
})

describe('standardisation', () => {
  it('fits mean/std per column and skips masked columns', () => {
    const x = Float32Array.from([1, 0, 10, 3, 1, 10, 5, 0, 10])
    const stats = standardizeColumns(x, 3, [true, false, true])
    expect(stats.mean[0]).toBeCloseTo(3)
    expect(stats.std[0]).toBeCloseTo(Math.sqrt(8 / 3))
    expect(stats.mean[1]).toBe(0)
    expect(stats.std[2]).toBe(1) // a constant column is centred, not divided by 0
    expect([...x.filter((_, i) => i % 3 === 1)]).toEqual([0, 1, 0])
    expect([...x.filter((_, i) => i % 3 === 2)]).toEqual([0, 0, 0])
    const after = columnStats(x, 3)
    expect(after.mean[0]).toBeCloseTo(0, 6)
    expect(after.std[0]).toBeCloseTo(1, 6)
  })
})

describe('selectSamples / shuffleAndLimit', () => {
  it('copies samples in the given order, Buffers becoming plain Uint8Arrays', () => {
    const ds = selectSamples({ ...images, x: Buffer.from(images.x) }, [2, 0])
    expect(ds.size).toBe(2)
    expect(ds.x.constructor).toBe(Uint8Array)
    expect([...ds.x.subarray(0, 4)]).toEqual([255, 255, 255, 255])
    expect([...ds.y]).toEqual([1, 2])
  })

  it('limit keeps a prefix of the seeded order', () => {
    const full = shuffleAndLimit(images, { seed: 4 })
    const two = shuffleAndLimit(images, { seed: 4, limit: 2 })
    expect(two.size).toBe(2)
    expect([...two.y]).toEqual([...full.y.subarray(0, 2)])
  })
})

describe('datasetSplit', () => {
  const cfg = { validationSplit: 0.2, seed: 1 }
  it('validates on the official test part and trains on the rest', () => {
    const s = datasetSplit({ size: 10, testFrom: 7 }, { ...cfg, split: 'official' })
    expect(s).toEqual({
      train: Int32Array.from([0, 1, 2, 3, 4, 5, 6]),
      val: Int32Array.from([7, 8, 9]),
      kind: 'official',
    })
  })
  it('holds out a seeded share of the training part only, when asked or without a test part', () => {
    const s = datasetSplit({ size: 10, testFrom: 5 }, { ...cfg, split: 'holdout' })
    expect(s).toEqual({ ...splitIndices(5, 0.2, 1), kind: 'holdout' })
    expect(datasetSplit({ size: 10 }, { ...cfg, split: 'official' })).toEqual({
      ...splitIndices(10, 0.2, 1),
      kind: 'holdout',
    })
  })
})
