import { describe, expect, it } from 'vitest'
import { augmentImages, batchTensors, resizeNeeded, type AugmentConfig } from '../../../engine/data/augment'
import type { Rng } from '../../../engine/data/random'
import type { Dataset } from '../../../engine/data/types'
import { trainingSchema } from '../../../engine/graph/schema'
import { tf } from '../../helpers/train'

/** A generator that returns the given uniform draws in order (int and uniform derive from them). */
function scripted(draws: number[]): Rng {
  let i = 0
  const next = () => draws[i++ % draws.length]
  return Object.assign(next, {
    int: (n: number) => Math.floor(next() * n),
    uniform: (lo: number, hi: number) => lo + (hi - lo) * next(),
    normal: () => 0,
  })
}

const cfg = (a: Partial<AugmentConfig>): AugmentConfig => ({
  flip: false,
  cropPadding: 0,
  brightness: 0,
  contrast: 0,
  saturation: 0,
  hue: 0,
  resizedCrop: false,
  cropScale: [0.08, 1],
  cropRatio: [3 / 4, 4 / 3],
  ...a,
})

// one 2×3 grey image: rows [1 2 3] and [4 5 6]
const image = () => new Float32Array([1, 2, 3, 4, 5, 6])
// per sample: flip?, dy, dx, brightness factor, contrast factor
const draws = (flip: number, dy = 0.5, dx = 0.5, b = 0.5, c = 0.5) => [flip, dy, dx, b, c]

describe('augmentImages', () => {
  it('flips left–right when the draw says so', () => {
    const x = image()
    augmentImages(x, [1, 2, 3, 1], cfg({ flip: true }), scripted(draws(0.1)))
    expect(Array.from(x)).toEqual([3, 2, 1, 6, 5, 4])
    const kept = image()
    augmentImages(kept, [1, 2, 3, 1], cfg({ flip: true }), scripted(draws(0.9)))
    expect(Array.from(kept)).toEqual([1, 2, 3, 4, 5, 6])
  })

  it('crops a padded image: a shift with zero fill, applied to the mask too', () => {
    const x = image()
    const mask = new Int32Array([0, 1, 1, 0, 0, 1])
    // padding 1: dy = int(0.0 · 3) − 1 = −1, dx = int(0.99 · 3) − 1 = +1 → out(r, q) = in(r − 1, q + 1)
    augmentImages(x, [1, 2, 3, 1], cfg({ cropPadding: 1 }), scripted(draws(0.9, 0, 0.99)), {
      target: { y: mask, channels: 1 },
    })
    expect(Array.from(x)).toEqual([0, 0, 0, 2, 3, 0])
    expect(Array.from(mask)).toEqual([0, 0, 0, 1, 1, 0])
  })

  it('scales brightness and contrast by factors from [1 − s, 1 + s], clamped for byte images', () => {
    const x = new Float32Array([0.2, 0.4, 0.6, 0.8])
    // brightness 0.5, draw 0.75 → factor 1.25
    augmentImages(x, [1, 2, 2, 1], cfg({ brightness: 0.5 }), scripted(draws(0.9, 0.5, 0.5, 0.75)), {
      clamp: [0, 1],
    })
    expect(Array.from(x)).toEqual([0.25, 0.5, 0.75, 1].map(Math.fround))
    const y = new Float32Array([0.2, 0.4, 0.6, 0.8])
    // contrast 0.5, draw 0 → factor 0.5: halfway to the mean 0.5
    augmentImages(y, [1, 2, 2, 1], cfg({ contrast: 0.5 }), scripted(draws(0.9, 0.5, 0.5, 0.5, 0)))
    expect(Array.from(y).map((v) => +v.toFixed(6))).toEqual([0.35, 0.45, 0.55, 0.65])
  })

  it('draws the same values per sample whatever is enabled, so each sample gets its own', () => {
    const x = new Float32Array([1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6])
    augmentImages(x, [2, 2, 3, 1], cfg({ flip: true }), scripted([...draws(0.1), ...draws(0.9)]))
    expect(Array.from(x)).toEqual([3, 2, 1, 6, 5, 4, 1, 2, 3, 4, 5, 6])
  })
})

function images(n: number, h: number, w: number): Dataset {
  const x = new Uint8Array(n * h * w)
  for (let i = 0; i < x.length; i++) x[i] = (i * 37) % 256
  return {
    name: 'toy',
    task: 'classification',
    inputShape: [h, w, 1],
    inputDtype: 'float32',
    targetShape: [],
    numClasses: 2,
    size: n,
    x,
    xScale: 1 / 255,
    y: new Int32Array(n).map((_, i) => i % 2),
  }
}

const batchOf = (ds: Dataset) => ({
  x: Float32Array.from(ds.x, (v) => v * ds.xScale),
  y: Int32Array.from(ds.y),
})

describe('batchTensors', () => {
  it('resizes each batch to the Input size with half-pixel centres', async () => {
    expect(resizeNeeded([28, 28, 1], [224, 224, 1])).toBe(true)
    expect(resizeNeeded([28, 28, 1], [224, 224, 3])).toBe(false)
    expect(resizeNeeded([28, 28, 1], [28, 28, 1])).toBe(false)
    const ds = images(1, 2, 2)
    const prepare = batchTensors(tf, ds, [4, 4, 1], trainingSchema.parse({}))
    const { x, y } = prepare({ x: new Float32Array([0, 1, 0, 1]), y: new Int32Array([1]) }, 1)
    expect(x.shape).toEqual([1, 4, 4, 1])
    // source columns sampled at (q + 0.5)/2 − 0.5 = −0.25, 0.25, 0.75, 1.25 (clamped to 0…1)
    expect(Array.from((await x.data()).slice(0, 4))).toEqual([0, 0.25, 0.75, 1])
    tf.dispose([x, y])
  })

  it('augments training batches only, identically for the same seed, epoch and batch', async () => {
    const ds = images(4, 6, 6)
    const training = trainingSchema.parse({
      seed: 3,
      augment: { flip: true, cropPadding: 2, brightness: 0.3 },
    })
    const prepare = batchTensors(tf, ds, [6, 6, 1], training)
    const run = async (step?: { epoch: number; batch: number }, seed = 3) => {
      const p = seed === 3 ? prepare : batchTensors(tf, ds, [6, 6, 1], { ...training, seed })
      const { x, y } = p(batchOf(ds), 4, step)
      const values = Array.from(await x.data())
      tf.dispose([x, y])
      return values
    }
    const plain = Array.from(batchOf(ds).x)
    expect(await run()).toEqual(plain)
    const a = await run({ epoch: 0, batch: 0 })
    expect(a).not.toEqual(plain)
    expect(await run({ epoch: 0, batch: 0 })).toEqual(a)
    expect(await run({ epoch: 0, batch: 1 })).not.toEqual(a)
    expect(await run({ epoch: 0, batch: 0 }, 4)).not.toEqual(a)
  })

  it('refuses augmentation for samples that are not images', () => {
    const vectors: Dataset = { ...images(2, 2, 2), inputShape: [4] }
    const training = trainingSchema.parse({ augment: { flip: true } })
    expect(() => batchTensors(tf, vectors, [4], training)).toThrow(/augmentation works on images/)
  })
})
