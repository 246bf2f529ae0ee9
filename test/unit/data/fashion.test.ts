import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { beforeAll, describe, expect, it } from 'vitest'
import { datasetSplit } from '../../../engine/data/batches'
import { FASHION_CLASSES, packagedImages } from '../../../engine/data/packaged'
import type { Dataset } from '../../../engine/data/types'
import { centroidAccuracy } from './centroid'
import { bytesEqual, tempCache } from './tmp'

// The 150 MB JSON parse is the expensive part: done once here, everything else reads the cache.
describe('fashion-mnist', () => {
  let first: Dataset
  let second: Dataset
  tempCache()
  beforeAll(async () => {
    const t0 = performance.now()
    first = await packagedImages('fashion-mnist')
    const t1 = performance.now()
    second = await packagedImages('fashion-mnist')
    const t2 = performance.now()
    console.log(
      `fashion-mnist: first load (JSON) ${(t1 - t0).toFixed(0)} ms, cached ${(t2 - t1).toFixed(0)} ms`,
    )
  })

  it('parses JSON once, then loads the identical set from the cache', () => {
    expect(first.meta?.loadedFrom).toBe('json')
    expect(second.meta?.loadedFrom).toBe('cache')
    expect(bytesEqual(first.x, second.x)).toBe(true)
    expect(bytesEqual(first.y, second.y)).toBe(true)
  })

  it('has 70k 28×28×1 byte images, 7000 per class, English class names', () => {
    expect(first.size).toBe(70_000)
    expect(first.inputShape).toEqual([28, 28, 1])
    expect(first.x.length).toBe(70_000 * 784)
    expect(first.classNames).toEqual(FASHION_CLASSES)
    expect(first.classNames?.[0]).toBe('T-shirt/top')
    expect(first.classNames?.[9]).toBe('Ankle boot')
    const counts = new Array(10).fill(0)
    for (const c of first.y) counts[c]++
    expect(counts).toEqual(new Array(10).fill(7000))
  })

  it('is shuffled: the first 1000 samples hold every class', () => {
    expect(new Set(first.y.subarray(0, 1000)).size).toBe(10)
  })

  it('labels belong to their images (nearest class mean beats chance by far)', () => {
    expect(centroidAccuracy(first, 20_000, 2000)).toBeGreaterThan(0.6)
  })

  it('trousers are taller than wide, sneakers wider than tall (class order matches the names)', () => {
    // Mean ink per row vs per column of the class-mean image.
    const extent = (label: number) => {
      const rows = new Float64Array(28)
      const cols = new Float64Array(28)
      for (let i = 0; i < 5000; i++) {
        if (first.y[i] !== label) continue
        for (let p = 0; p < 784; p++) {
          rows[Math.floor(p / 28)] += first.x[i * 784 + p]
          cols[p % 28] += first.x[i * 784 + p]
        }
      }
      const span = (a: Float64Array) => a.filter((v) => v > Math.max(...a) * 0.2).length
      return span(rows) / span(cols)
    }
    expect(extent(FASHION_CLASSES.indexOf('Trouser'))).toBeGreaterThan(1.5)
    expect(extent(FASHION_CLASSES.indexOf('Sneaker'))).toBeLessThan(0.8)
  })

  it('limit and seed give a deterministic prefix of each part, in the official proportion', async () => {
    const few = await packagedImages('fashion-mnist', { limit: 500 })
    expect(few.meta?.loadedFrom).toBe('cache')
    expect(few.testFrom).toBe(429) // 500 × 6/7, and 71 test images
    expect(bytesEqual(few.y.subarray(0, 429), first.y.subarray(0, 429))).toBe(true)
    expect(bytesEqual(few.y.subarray(429), first.y.subarray(60_000, 60_071))).toBe(true)
    const seeded = await packagedImages('fashion-mnist', { seed: 9, limit: 500 })
    expect(bytesEqual(seeded.y, few.y)).toBe(false)
    expect((await packagedImages('fashion-mnist', { limit: 7000 })).testFrom).toBe(6000)
  })

  it('the package holds each class’s 1000 test images first: its empty rows end each source file', () => {
    const require = createRequire(import.meta.url)
    const raw = JSON.parse(readFileSync(require.resolve('fashion-mnist/src/clothes/0.json'), 'utf8'))
      .data as number[][]
    expect(raw.flatMap((s, i) => (s.length === 784 ? [] : [i]))).toEqual([1000, 7001])
  })

  it('trains on the 60,000 training images and validates on the 10,000 test images by default', () => {
    expect(first.testFrom).toBe(60_000)
    const counts = (from: number, to: number) => {
      const c = new Array(10).fill(0)
      for (const y of first.y.subarray(from, to)) c[y]++
      return c
    }
    expect(counts(0, 60_000)).toEqual(new Array(10).fill(6000))
    expect(counts(60_000, 70_000)).toEqual(new Array(10).fill(1000))
    // the first image of the Sandal file is a test image, its 1001st a training one
    const require = createRequire(import.meta.url)
    const sandals = JSON.parse(readFileSync(require.resolve('fashion-mnist/src/clothes/5.json'), 'utf8'))
      .data as number[][]
    const where = (pixels: number[]) => {
      for (let i = 0; i < first.size; i++)
        if (first.y[i] === 5 && pixels.every((v, p) => first.x[i * 784 + p] === v)) return i
      return -1
    }
    expect(where(sandals[0])).toBeGreaterThanOrEqual(60_000)
    expect(where(sandals[1000])).toBeLessThan(60_000)
    expect(where(sandals[1000])).toBeGreaterThanOrEqual(0)

    const official = datasetSplit(first, { split: 'official', validationSplit: 0.1, seed: 42 })
    expect([official.kind, official.train.length, official.val.length]).toEqual(['official', 60_000, 10_000])
    expect(official.val.reduce((a, b) => Math.min(a, b))).toBe(60_000)
    const holdout = datasetSplit(first, { split: 'holdout', validationSplit: 0.1, seed: 42 })
    expect([holdout.kind, holdout.train.length, holdout.val.length]).toEqual(['holdout', 54_000, 6000])
    // a held-out share comes from the training images only: the test images stay unseen
    const seen = [...holdout.train, ...holdout.val]
    expect(seen.reduce((a, b) => Math.max(a, b))).toBeLessThan(60_000)
    expect(new Set(seen).size).toBe(60_000)
  })
})
