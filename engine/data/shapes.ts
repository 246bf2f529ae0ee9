import { checkGenerated } from '../budget/data'
import { shuffleAndLimit } from './batches'
import { rng, subSeed, type Rng } from './random'
import type { Dataset, DatasetOptions } from './types'

/**
 * Segmentation toy set: 1–3 filled circles or rectangles on a noisy background; the target mask
 * is 1 on shape pixels and 0 elsewhere. Shape colours are kept far from the background colour
 * so the task is learnable by a small U-Net in minutes, while the per-pixel noise stops a
 * single-pixel threshold from solving it. Size [H, W] = size (default 64×64), RGB bytes.
 */
export function shapes(opts: DatasetOptions = {}): Dataset {
  const n = opts.samples ?? 500
  const [h, w] = [opts.size?.[0] ?? 64, opts.size?.[1] ?? opts.size?.[0] ?? 64]
  const noise = opts.noise ?? 12
  checkGenerated('shapes', opts, n, h * w * 4, `${h}×${w} pixels of RGB and mask (4 bytes each)`)
  const rand = rng(subSeed(opts.seed ?? 0, 'shapes'))
  const x = new Uint8Array(n * h * w * 3)
  const y = new Uint8Array(n * h * w)
  const counts = { circle: 0, rectangle: 0 }
  for (let s = 0; s < n; s++) {
    const img = x.subarray(s * h * w * 3, (s + 1) * h * w * 3)
    const mask = y.subarray(s * h * w, (s + 1) * h * w)
    const bg = [rand.int(256), rand.int(256), rand.int(256)]
    for (let p = 0; p < h * w; p++)
      for (let c = 0; c < 3; c++) img[p * 3 + c] = clamp(bg[c] + rand.normal(0, noise))
    const count = 1 + rand.int(3)
    for (let k = 0; k < count; k++) {
      const fg = contrasting(bg, rand)
      const circle = rand() < 0.5
      counts[circle ? 'circle' : 'rectangle']++
      const inside = circle ? circleTest(rand, h, w) : rectTest(rand, h, w)
      for (let r = 0; r < h; r++)
        for (let q = 0; q < w; q++) {
          if (!inside(r, q)) continue
          const p = r * w + q
          mask[p] = 1
          for (let c = 0; c < 3; c++) img[p * 3 + c] = clamp(fg[c] + rand.normal(0, noise))
        }
    }
  }
  return shuffleAndLimit(
    {
      name: 'shapes',
      task: 'segmentation',
      inputShape: [h, w, 3],
      inputDtype: 'float32',
      targetShape: [h, w, 1],
      numClasses: 1,
      classNames: ['shape'],
      size: n,
      x,
      xScale: 1 / 255,
      y,
      meta: { shapes: counts, noise },
    },
    opts,
  )
}

const clamp = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v))

/** A colour at least 200 away from bg in summed per-channel distance. */
function contrasting(bg: number[], rand: Rng): number[] {
  for (;;) {
    const c = [rand.int(256), rand.int(256), rand.int(256)]
    if (Math.abs(c[0] - bg[0]) + Math.abs(c[1] - bg[1]) + Math.abs(c[2] - bg[2]) >= 200) return c
  }
}

function circleTest(rand: Rng, h: number, w: number) {
  const m = Math.min(h, w)
  const radius = m * rand.uniform(0.08, 0.25)
  const cy = rand.uniform(radius, h - radius)
  const cx = rand.uniform(radius, w - radius)
  return (r: number, q: number) => (r + 0.5 - cy) ** 2 + (q + 0.5 - cx) ** 2 <= radius * radius
}

function rectTest(rand: Rng, h: number, w: number) {
  const rh = Math.max(2, Math.round(h * rand.uniform(0.15, 0.45)))
  const rw = Math.max(2, Math.round(w * rand.uniform(0.15, 0.45)))
  const top = rand.int(h - rh + 1)
  const left = rand.int(w - rw + 1)
  return (r: number, q: number) => r >= top && r < top + rh && q >= left && q < left + rw
}
