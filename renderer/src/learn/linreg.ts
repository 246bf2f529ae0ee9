/**
 * Linear regression with one feature, y ≈ w·x + b, the model behind the gradient-descent lessons.
 * The loss is half the mean squared error, so its gradient carries no stray factor 2.
 */
import { columnStats } from '../../../engine/data/batches'
import { rng, shuffleIndices } from '../../../engine/data/random'

export interface XY {
  x: number[]
  y: number[]
}

export interface PathPoint {
  w: number
  b: number
  loss: number
}

export function syntheticLine(o: { n: number; w: number; b: number; noise: number; seed: number }): XY {
  const r = rng(o.seed)
  // x in [0, 3) on purpose: an uncentred feature stretches the loss surface into a valley
  const x = Array.from({ length: o.n }, () => r.uniform(0, 3))
  return { x, y: x.map((xi) => o.w * xi + o.b + r.normal(0, o.noise)) }
}

/** One feature of Boston housing against the price, both standardised to mean 0 and deviation 1. */
export function bostonFeature(rows: Record<string, number>[], feature: string, target = 'medv'): XY {
  const col = (key: string) => {
    const v = rows.map((row, i) => {
      const value = row[key]
      if (typeof value !== 'number') throw new Error(`Boston row ${i} has no numeric '${key}' column`)
      return value
    })
    const { mean, std } = columnStats(v, 1)
    return v.map((a) => (a - mean[0]) / std[0])
  }
  return { x: col(feature), y: col(target) }
}

export function loss(d: XY, w: number, b: number): number {
  let s = 0
  for (let i = 0; i < d.x.length; i++) {
    const r = w * d.x[i] + b - d.y[i]
    s += r * r
  }
  return s / (2 * d.x.length)
}

/** ∂loss/∂w and ∂loss/∂b over the samples in `idx` (all samples when omitted). */
export function gradient(d: XY, w: number, b: number, idx?: ArrayLike<number>): [number, number] {
  const n = idx ? idx.length : d.x.length
  let gw = 0
  let gb = 0
  for (let k = 0; k < n; k++) {
    const i = idx ? idx[k] : k
    const r = w * d.x[i] + b - d.y[i]
    gw += r * d.x[i]
    gb += r
  }
  return [gw / n, gb / n]
}

/** The exact minimiser, from the normal equations. */
export function leastSquares(d: XY): { w: number; b: number } {
  const n = d.x.length
  const mx = d.x.reduce((a, v) => a + v, 0) / n
  const my = d.y.reduce((a, v) => a + v, 0) / n
  let sxy = 0
  let sxx = 0
  for (let i = 0; i < n; i++) {
    sxy += (d.x[i] - mx) * (d.y[i] - my)
    sxx += (d.x[i] - mx) ** 2
  }
  if (sxx === 0) throw new Error('least squares needs at least two different x values')
  const w = sxy / sxx
  return { w, b: my - w * mx }
}

export interface DescentOptions {
  w0: number
  b0: number
  lr: number
  steps: number
  /** Samples per step: the whole set is batch GD, 1 is SGD, anything between mini-batch. */
  batchSize: number
  seed: number
}

/**
 * The optimizer's path, starting point included. Mini-batches walk through a fresh shuffle of the
 * data each epoch, as a data loader would; the loss recorded is always the full-data loss.
 */
export function descend(d: XY, o: DescentOptions): PathPoint[] {
  const n = d.x.length
  if (!(o.batchSize >= 1 && o.batchSize <= n))
    throw new Error(`batch size ${o.batchSize} must be between 1 and the ${n} samples`)
  if (!(o.lr > 0)) throw new Error(`learning rate ${o.lr} must be positive`)
  let w = o.w0
  let b = o.b0
  const path: PathPoint[] = [{ w, b, loss: loss(d, w, b) }]
  let order = shuffleIndices(n, o.seed)
  let at = 0
  let epoch = 0
  for (let s = 0; s < o.steps; s++) {
    if (at + o.batchSize > n) {
      order = shuffleIndices(n, o.seed + ++epoch)
      at = 0
    }
    const [gw, gb] = gradient(d, w, b, order.subarray(at, at + o.batchSize))
    at += o.batchSize
    w -= o.lr * gw
    b -= o.lr * gb
    path.push({ w, b, loss: loss(d, w, b) })
    // a diverging run stops once the numbers stop meaning anything
    if (!Number.isFinite(path[path.length - 1].loss) || Math.abs(w) + Math.abs(b) > 1e6) break
  }
  return path
}

export interface LossGrid {
  ws: number[]
  bs: number[]
  /** [w, b, loss] per cell centre. */
  cells: [number, number, number][]
}

export function lossGrid(d: XY, w: [number, number], b: [number, number], size: number): LossGrid {
  const axis = ([lo, hi]: [number, number]) =>
    Array.from({ length: size }, (_, i) => lo + ((hi - lo) * (i + 0.5)) / size)
  const ws = axis(w)
  const bs = axis(b)
  const cells: [number, number, number][] = []
  for (const wi of ws) for (const bi of bs) cells.push([wi, bi, loss(d, wi, bi)])
  return { ws, bs, cells }
}

/** A window around the optimum and the start point, so both and the path between them show. */
export function surfaceWindow(
  best: { w: number; b: number },
  start: { w: number; b: number },
): { w: [number, number]; b: [number, number] } {
  const span = (a: number, c: number): [number, number] => {
    const pad = Math.max(1, Math.abs(a - c) * 0.6)
    return [Math.min(a, c) - pad, Math.max(a, c) + pad]
  }
  return { w: span(best.w, start.w), b: span(best.b, start.b) }
}
