import type { Dataset } from '../../../engine/data/types'

/**
 * Accuracy of a nearest-class-mean classifier fitted on the first `train` samples and scored on
 * the next `test`. Far above chance only if every label belongs to its own image, which is
 * what a loader that shuffles images and labels separately would break.
 */
export function centroidAccuracy(ds: Dataset, train: number, test: number): number {
  const k = ds.numClasses!
  const d = ds.x.length / ds.size
  const sums = new Float64Array(k * d)
  const counts = new Float64Array(k)
  for (let i = 0; i < train; i++) {
    const c = ds.y[i]
    counts[c]++
    for (let p = 0; p < d; p++) sums[c * d + p] += ds.x[i * d + p]
  }
  for (let c = 0; c < k; c++) for (let p = 0; p < d; p++) sums[c * d + p] /= counts[c] || 1
  let right = 0
  for (let i = train; i < train + test; i++) {
    let best = -1
    let bestDist = Infinity
    for (let c = 0; c < k; c++) {
      let dist = 0
      for (let p = 0; p < d; p++) dist += (ds.x[i * d + p] - sums[c * d + p]) ** 2
      if (dist < bestDist) [best, bestDist] = [c, dist]
    }
    if (best === ds.y[i]) right++
  }
  return right / test
}
