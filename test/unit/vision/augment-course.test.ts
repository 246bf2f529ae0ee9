/**
 * The course's augmentation: saturation and hue (torchvision's definitions, checked on colours
 * worked out by hand), RandomResizedCrop with the course's default scale (0.08, 1) and ratio
 * (3/4, 4/3), applied to training batches only and the same for the same seed.
 */
import { describe, expect, it } from 'vitest'
import { batchTensors } from '../../../engine/data/augment'
import {
  RESIZED_CROP_DRAWS,
  adjustHue,
  adjustSaturation,
  cropResize,
  resizedCropBox,
} from '../../../engine/data/augment-course'
import { rng, type Rng } from '../../../engine/data/random'
import type { Dataset } from '../../../engine/data/types'
import { trainingSchema } from '../../../engine/graph/schema'
import { tf } from '../../helpers/train'

function scripted(draws: number[]): Rng & { used: () => number } {
  let i = 0
  const next = () => draws[i++ % draws.length]
  return Object.assign(next, {
    int: (n: number) => Math.floor(next() * n),
    uniform: (lo: number, hi: number) => lo + (hi - lo) * next(),
    normal: () => 0,
    used: () => i,
  })
}

const round = (xs: ArrayLike<number>) => Array.from(xs, (v) => +v.toFixed(5))

describe('saturation and hue', () => {
  it('saturation 0 gives the luma grey, 1 keeps the colour, 2 pushes away from grey (clamped)', () => {
    const px = () => new Float32Array([0.8, 0.4, 0.2])
    // grey = 0.299·0.8 + 0.587·0.4 + 0.114·0.2 = 0.4968
    const grey = px()
    adjustSaturation(grey, 3, 0)
    expect(round(grey)).toEqual([0.4968, 0.4968, 0.4968])
    const same = px()
    adjustSaturation(same, 3, 1)
    expect(round(same)).toEqual(round(px()))
    const more = px()
    adjustSaturation(more, 3, 2)
    // 0.4968 + 2·(x − 0.4968): 1.1032 → 1, 0.3032, −0.0968 → 0
    expect(round(more)).toEqual([1, 0.3032, 0])
  })

  it('hue turns red to green at a third of a turn and to cyan at half, keeping grey as it is', () => {
    const red = new Float32Array([1, 0, 0, 0.5, 0.5, 0.5])
    adjustHue(red, 3, 1 / 3)
    expect(round(red)).toEqual([0, 1, 0, 0.5, 0.5, 0.5])
    const cyan = new Float32Array([1, 0, 0])
    adjustHue(cyan, 3, -0.5)
    expect(round(cyan)).toEqual([0, 1, 1])
    // (0.8, 0.4, 0.2): h = 1/18, s = 0.75, v = 0.8; +1/6 turn → h = 2/9: (0.6, 0.8, 0.2)
    const orange = new Float32Array([0.8, 0.4, 0.2])
    adjustHue(orange, 3, 1 / 6)
    expect(round(orange)).toEqual([0.6, 0.8, 0.2])
  })

  it('leaves grey-scale images alone (they have no hue or saturation)', () => {
    const g = new Float32Array([0.1, 0.9])
    adjustHue(g, 1, 0.3)
    adjustSaturation(g, 1, 0)
    expect(round(g)).toEqual([0.1, 0.9])
  })
})

describe('random resized crop', () => {
  it('the course defaults: scale (0.08, 1), ratio (3/4, 4/3)', () => {
    const a = trainingSchema.parse({ augment: { resizedCrop: true } }).augment!
    expect(a.cropScale).toEqual([0.08, 1])
    expect(a.cropRatio).toEqual([3 / 4, 4 / 3])
  })

  it('takes the first attempt that fits, always using 40 draws', () => {
    // 10×10 image; attempt 1: area 0.25·100 = 25, ratio e^0 = 1 → 5×5 at top int(0.5·6) = 3, left int(0·6) = 0
    const r = scripted([0.25 / 0.92 - 0.08 / 0.92, 0.5, 0.5, 0])
    const box = resizedCropBox(10, 10, [0.08, 1], [3 / 4, 4 / 3], r)
    expect(box).toEqual({ top: 3, left: 0, height: 5, width: 5 })
    expect(r.used()).toBe(RESIZED_CROP_DRAWS)
  })

  it('falls back to the centre crop with the ratio clamped when nothing fits', () => {
    // every attempt asks for the whole area at ratio 4/3 → width 11.5 > 10: none fits; a 10×4
    // image (ratio 2.5) is cut to its centre 5×4 (ratio 4/3 → width round(4·4/3) = 5)
    const r = scripted([1, 1, 0, 0])
    expect(resizedCropBox(4, 10, [1, 1], [3 / 4, 4 / 3], r)).toEqual({ top: 0, left: 2, height: 4, width: 5 })
  })

  it('stretches the box back to full size: masks by nearest, pixels bilinearly', () => {
    // 4×4 with values r·4 + q; the top-left 2×2 box, doubled
    const mask = Int32Array.from({ length: 16 }, (_, i) => i)
    cropResize(mask, 4, 4, 1, { top: 0, left: 0, height: 2, width: 2 }, 'nearest')
    expect(Array.from(mask)).toEqual([0, 0, 1, 1, 0, 0, 1, 1, 4, 4, 5, 5, 4, 4, 5, 5])
    const img = Float32Array.from({ length: 16 }, (_, i) => i)
    cropResize(img, 4, 4, 1, { top: 0, left: 0, height: 2, width: 2 }, 'bilinear')
    // columns sampled at −0.25, 0.25, 0.75, 1.25 of the box (clamped): 0, 0.25, 0.75, 1
    expect(round(img.subarray(0, 4))).toEqual([0, 0.25, 0.75, 1])
    const whole = Float32Array.from({ length: 16 }, (_, i) => i)
    cropResize(whole, 4, 4, 1, { top: 0, left: 0, height: 4, width: 4 }, 'bilinear')
    expect(Array.from(whole)).toEqual(Array.from({ length: 16 }, (_, i) => i))
  })

  it('keeps boxes inside the image with the asked area and ratio', () => {
    const r = rng(5)
    for (let k = 0; k < 200; k++) {
      const b = resizedCropBox(32, 32, [0.08, 1], [3 / 4, 4 / 3], r)
      expect(b.top + b.height).toBeLessThanOrEqual(32)
      expect(b.left + b.width).toBeLessThanOrEqual(32)
      expect((b.height * b.width) / 1024).toBeGreaterThan(0.06)
      expect(b.width / b.height).toBeGreaterThan(0.6)
      expect(b.width / b.height).toBeLessThan(1.6)
    }
  })
})

function colourImages(n: number, h: number, w: number): Dataset {
  const x = new Uint8Array(n * h * w * 3).map((_, i) => (i * 53) % 256)
  return {
    name: 'toy-rgb',
    task: 'classification',
    inputShape: [h, w, 3],
    inputDtype: 'float32',
    targetShape: [],
    numClasses: 2,
    size: n,
    x,
    xScale: 1 / 255,
    y: new Int32Array(n).map((_, i) => i % 2),
  }
}

describe('the course augmentation in training batches', () => {
  it('training batches only, the same for the same seed, epoch and batch, another for another seed', async () => {
    const ds = colourImages(4, 8, 8)
    const augment = { saturation: 0.5, hue: 0.1, resizedCrop: true }
    const prepare = (seed: number) => batchTensors(tf, ds, [8, 8, 3], trainingSchema.parse({ seed, augment }))
    const run = async (seed: number, step?: { epoch: number; batch: number }) => {
      const { x, y } = prepare(seed)(
        { x: Float32Array.from(ds.x, (v) => v / 255), y: Int32Array.from(ds.y) },
        4,
        step,
      )
      const v = Array.from(await x.data())
      tf.dispose([x, y])
      return v
    }
    const plain = Array.from(ds.x, (v) => Math.fround(v / 255))
    expect(await run(1)).toEqual(plain)
    const a = await run(1, { epoch: 2, batch: 0 })
    expect(a).not.toEqual(plain)
    expect(await run(1, { epoch: 2, batch: 0 })).toEqual(a)
    expect(await run(2, { epoch: 2, batch: 0 })).not.toEqual(a)
    expect(Math.min(...a)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...a)).toBeLessThanOrEqual(1)
  })
})
