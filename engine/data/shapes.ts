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
  return draw('shapes', opts, false)
}

/** What `shape-classes` paints: the mask holds the index of each pixel's class in this list. */
export const SHAPE_CLASSES = ['background', 'circle', 'rectangle', 'triangle'] as const

/**
 * The multi-class version of `shapes`, the role VOC plays in the course at a size a CPU trains on:
 * circles, rectangles and triangles on a noisy background, and a mask of class ids (0 background,
 * 1 circle, 2 rectangle, 3 triangle; a shape drawn later covers an earlier one). A network must
 * tell the shapes apart by their outline, since any of them may have any colour.
 */
export function shapeClasses(opts: DatasetOptions = {}): Dataset {
  return draw('shape-classes', opts, true)
}

function draw(name: string, opts: DatasetOptions, multiClass: boolean): Dataset {
  const n = opts.samples ?? 500
  const [h, w] = [opts.size?.[0] ?? 64, opts.size?.[1] ?? opts.size?.[0] ?? 64]
  const noise = opts.noise ?? 12
  checkGenerated(name, opts, n, h * w * 4, `${h}×${w} pixels of RGB and mask (4 bytes each)`)
  const rand = rng(subSeed(opts.seed ?? 0, name))
  const x = new Uint8Array(n * h * w * 3)
  const y = new Uint8Array(n * h * w)
  const counts = multiClass ? { circle: 0, rectangle: 0, triangle: 0 } : { circle: 0, rectangle: 0 }
  const tests = { circle: circleTest, rectangle: rectTest, triangle: triangleTest }
  for (let s = 0; s < n; s++) {
    const img = x.subarray(s * h * w * 3, (s + 1) * h * w * 3)
    const mask = y.subarray(s * h * w, (s + 1) * h * w)
    const bg = [rand.int(256), rand.int(256), rand.int(256)]
    for (let p = 0; p < h * w; p++)
      for (let c = 0; c < 3; c++) img[p * 3 + c] = clamp(bg[c] + rand.normal(0, noise))
    const count = 1 + rand.int(3)
    for (let k = 0; k < count; k++) {
      const fg = contrasting(bg, rand)
      // the binary set keeps its original draws, so its samples stay what they were
      const kind = multiClass
        ? (['circle', 'rectangle', 'triangle'] as const)[rand.int(3)]
        : rand() < 0.5
          ? 'circle'
          : 'rectangle'
      ;(counts as Record<string, number>)[kind]++
      const id = multiClass ? SHAPE_CLASSES.indexOf(kind) : 1
      const inside = tests[kind](rand, h, w)
      for (let r = 0; r < h; r++)
        for (let q = 0; q < w; q++) {
          if (!inside(r, q)) continue
          const p = r * w + q
          mask[p] = id
          for (let c = 0; c < 3; c++) img[p * 3 + c] = clamp(fg[c] + rand.normal(0, noise))
        }
    }
  }
  return shuffleAndLimit(
    {
      name,
      task: 'segmentation',
      inputShape: [h, w, 3],
      inputDtype: 'float32',
      targetShape: [h, w, 1],
      numClasses: multiClass ? SHAPE_CLASSES.length : 1,
      classNames: multiClass ? [...SHAPE_CLASSES] : ['shape'],
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

/** A triangle with corners anywhere in the image, covering at least a twelfth of the image: inside by edge signs. */
function triangleTest(rand: Rng, h: number, w: number) {
  let pts: number[][]
  do pts = [0, 1, 2].map(() => [rand.uniform(0, h), rand.uniform(0, w)])
  while (Math.abs(cross(pts[0], pts[1], pts[2])) < (h * w) / 6)
  const [a, b, c] = pts
  return (r: number, q: number) => {
    const p = [r + 0.5, q + 0.5]
    const d = [cross(a, b, p), cross(b, c, p), cross(c, a, p)]
    return d.every((v) => v >= 0) || d.every((v) => v <= 0)
  }
}

/** Twice the signed area of the triangle o, a, b. */
const cross = (o: number[], a: number[], b: number[]) =>
  (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])
