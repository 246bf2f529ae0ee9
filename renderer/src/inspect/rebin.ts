import type { Histogram } from '../../../engine/protocol'

export interface CommonBins {
  min: number
  max: number
  /** [epoch index][bin]: the share of the tensor's values in that bin (each row sums to 1). */
  shares: number[][]
}

/**
 * Puts every epoch's histogram on one shared value axis so epochs can sit side by side in a
 * heat-map: each source bin's count moves to the shared bin holding its centre.
 */
export function commonBins(hists: Histogram[], bins: number): CommonBins {
  const min = Math.min(...hists.map((h) => h.min))
  const max = Math.max(...hists.map((h) => h.max))
  const width = (max - min) / bins
  const shares = hists.map((h) => {
    const row = new Array<number>(bins).fill(0)
    const total = h.counts.reduce((a, b) => a + b, 0) || 1
    const w = (h.max - h.min) / h.counts.length
    h.counts.forEach((c, i) => {
      const centre = h.min + (i + 0.5) * w
      const b = width > 0 ? Math.min(bins - 1, Math.floor((centre - min) / width)) : 0
      row[b] += c / total
    })
    return row
  })
  return { min, max, shares }
}
