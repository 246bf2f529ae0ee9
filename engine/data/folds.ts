import { shuffleIndices } from './random'

/**
 * Seeded k-fold partition of `size` samples for cross-validation. The course cuts its data into k
 * slices of ⌊n/k⌋ and drops the remainder; here the first n mod k folds take one sample more, so
 * every sample validates exactly once and fold sizes differ by at most one. The shuffle matters
 * for files sorted by some column (Boston's rows run town by town).
 */
export function kFolds(size: number, k: number, seed: number): Int32Array[] {
  if (!Number.isInteger(k) || k < 2) throw new Error(`folds must be a whole number of at least 2, not ${k}`)
  if (k > size) throw new Error(`${k} folds need at least ${k} samples; the dataset has ${size}`)
  const order = shuffleIndices(size, seed)
  const base = Math.floor(size / k)
  const extra = size % k
  const folds: Int32Array[] = []
  let start = 0
  for (let f = 0; f < k; f++) {
    const n = base + (f < extra ? 1 : 0)
    folds.push(Int32Array.from(order.subarray(start, start + n)))
    start += n
  }
  return folds
}

/** Fold `fold` (0-based) of a k-fold partition validates; the other k − 1 train. */
export function foldSplit(size: number, k: number, fold: number, seed: number) {
  if (!Number.isInteger(fold) || fold < 0 || fold >= k)
    throw new Error(`fold must be a whole number from 0 to ${k - 1}, not ${fold}`)
  const folds = kFolds(size, k, seed)
  const train = new Int32Array(size - folds[fold].length)
  let at = 0
  folds.forEach((f, i) => {
    if (i === fold) return
    train.set(f, at)
    at += f.length
  })
  return { train, val: folds[fold] }
}

/** Mean and sample standard deviation (n − 1), as reported for k-fold results. */
export function meanStd(values: readonly number[]): { mean: number; std: number } {
  const n = values.length
  const mean = values.reduce((a, b) => a + b, 0) / Math.max(1, n)
  const ss = values.reduce((a, b) => a + (b - mean) ** 2, 0)
  return { mean, std: n > 1 ? Math.sqrt(ss / (n - 1)) : 0 }
}

/** The validation figures of one fold's last epoch (an epoch-end event or a recorded epoch). */
export interface FoldEnd {
  valLoss: number | null
  valMetrics: Record<string, number>
}

/** Each measure's mean ± std across the folds, with the per-fold values it came from. */
export type FoldSummary = Record<string, { mean: number; std: number; folds: number[] }>

/** Each validation measure (loss first) of the folds' last epochs, as { name: values by fold }. */
export function foldMeasures(ends: readonly FoldEnd[]): Record<string, number[]> {
  const by: Record<string, number[]> = {}
  const add = (k: string, v: number | null) => v !== null && (by[k] ??= []).push(v)
  for (const e of ends) {
    add('val_loss', e.valLoss)
    for (const [k, v] of Object.entries(e.valMetrics)) add(`val_${k}`, v)
  }
  return by
}

/** What `deepwire train --folds K` prints and the app shows once every fold has ended. */
export function foldSummary(ends: readonly FoldEnd[]): FoldSummary {
  return Object.fromEntries(
    Object.entries(foldMeasures(ends)).map(([m, vs]) => [m, { ...meanStd(vs), folds: vs }]),
  )
}
