/**
 * The synthetic detection set, in the role of the course's banana set: 1–3 objects of three
 * classes (rectangle, disc, triangle) pasted at random sizes and places on varied backgrounds,
 * with their tight boxes. The class is the shape, never the colour (each object's colour is drawn
 * at random, only kept apart from the background's), so the detector has to learn shapes.
 * Seeded and deterministic: the same options give the same images.
 */
import { checkGenerated } from '../../budget/data'
import { shuffleAndLimit } from '../batches'
import { rng, subSeed, type Rng } from '../random'
import type { Dataset, DatasetOptions } from '../types'
import type { TruthBox } from '../../detect/target'
import { iouAt } from '../../detect/boxes'
import { packTruth } from './truth'

export const DETECT_CLASSES = ['rectangle', 'disc', 'triangle'] as const
const MAX_OBJECTS = 3

type Inside = (r: number, q: number) => boolean

/** A filled shape of class `cls` inside the box [top, left, bh, bw] (pixels). */
function shapeTest(cls: number, top: number, left: number, bh: number, bw: number): Inside {
  if (cls === 0) return () => true
  if (cls === 1)
    return (r, q) => ((q + 0.5 - left) / bw - 0.5) ** 2 + ((r + 0.5 - top) / bh - 0.5) ** 2 <= 0.25
  // an upright triangle: apex at the top centre, base along the bottom edge
  return (r, q) => {
    const v = (r + 0.5 - top) / bh
    return Math.abs((q + 0.5 - left) / bw - 0.5) <= v / 2
  }
}

function background(img: Uint8Array, h: number, w: number, rand: Rng, noise: number): number[] {
  // a linear blend of two colours at a random angle, plus per-pixel noise
  const a = [rand.int(256), rand.int(256), rand.int(256)]
  const b = [rand.int(256), rand.int(256), rand.int(256)]
  const angle = rand.uniform(0, 2 * Math.PI)
  const [dx, dy] = [Math.cos(angle), Math.sin(angle)]
  for (let r = 0; r < h; r++)
    for (let q = 0; q < w; q++) {
      const t = Math.min(1, Math.max(0, 0.5 + ((q / w - 0.5) * dx + (r / h - 0.5) * dy)))
      for (let c = 0; c < 3; c++)
        img[(r * w + q) * 3 + c] = clamp(a[c] + (b[c] - a[c]) * t + rand.normal(0, noise))
    }
  return a.map((v, c) => (v + b[c]) / 2)
}

/** A colour at least 250 away from the background's mean colour in summed per-channel distance. */
function contrasting(bg: number[], rand: Rng): number[] {
  for (;;) {
    const c = [rand.int(256), rand.int(256), rand.int(256)]
    if (Math.abs(c[0] - bg[0]) + Math.abs(c[1] - bg[1]) + Math.abs(c[2] - bg[2]) >= 250) return c
  }
}

const clamp = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v))

/** Places up to `count` boxes that do not overlap each other (a few tries each). */
function placeBoxes(rand: Rng, h: number, w: number, count: number) {
  const boxes: { top: number; left: number; bh: number; bw: number; corners: number[] }[] = []
  for (let tries = 0; boxes.length < count && tries < 50; tries++) {
    const side = rand.uniform(0.2, 0.5)
    const aspect = rand.uniform(0.75, 1.33)
    const bh = Math.max(4, Math.round(h * side * Math.sqrt(aspect)))
    const bw = Math.max(4, Math.round((w * side) / Math.sqrt(aspect)))
    if (bh > h || bw > w) continue
    const top = rand.int(h - bh + 1)
    const left = rand.int(w - bw + 1)
    const corners = [left / w, top / h, (left + bw) / w, (top + bh) / h]
    if (boxes.some((b) => iouAt(b.corners, 0, corners, 0) > 0)) continue
    boxes.push({ top, left, bh, bw, corners })
  }
  return boxes
}

export function detectionShapes(opts: DatasetOptions = {}): Dataset {
  const n = opts.samples ?? 1000
  const [h, w] = [opts.size?.[0] ?? 64, opts.size?.[1] ?? opts.size?.[0] ?? 64]
  const noise = opts.noise ?? 10
  checkGenerated('detect-shapes', opts, n, h * w * 3, `${h}×${w} RGB pixels`)
  const rand = rng(subSeed(opts.seed ?? 0, 'detect-shapes'))
  const x = new Uint8Array(n * h * w * 3)
  const truth: TruthBox[][] = []
  const counts = [0, 0, 0]
  for (let s = 0; s < n; s++) {
    const img = x.subarray(s * h * w * 3, (s + 1) * h * w * 3)
    const bg = background(img, h, w, rand, noise)
    const objects: TruthBox[] = []
    for (const b of placeBoxes(rand, h, w, 1 + rand.int(MAX_OBJECTS))) {
      const cls = rand.int(DETECT_CLASSES.length)
      const fg = contrasting(bg, rand)
      const inside = shapeTest(cls, b.top, b.left, b.bh, b.bw)
      for (let r = b.top; r < b.top + b.bh; r++)
        for (let q = b.left; q < b.left + b.bw; q++) {
          if (!inside(r, q)) continue
          const p = (r * w + q) * 3
          for (let c = 0; c < 3; c++) img[p + c] = clamp(fg[c] + rand.normal(0, noise))
        }
      counts[cls]++
      objects.push({ cls, box: b.corners as [number, number, number, number] })
    }
    truth.push(objects)
  }
  const { y, rows } = packTruth(truth)
  return shuffleAndLimit(
    {
      name: 'detect-shapes',
      task: 'detection',
      inputShape: [h, w, 3],
      inputDtype: 'float32',
      targetShape: [rows, 5],
      numClasses: DETECT_CLASSES.length,
      classNames: [...DETECT_CLASSES],
      size: n,
      x,
      xScale: 1 / 255,
      y,
      meta: { objects: Object.fromEntries(DETECT_CLASSES.map((c, i) => [c, counts[i]])), noise },
    },
    opts,
  )
}
