import type { BoundaryResult } from '../../../engine/protocol'

/**
 * The decision boundary as line segments [x0, y0, x1, y1]: every shared edge between two grid
 * cells on different sides (P = 0.5 for two classes, another argmax for more). Regression
 * outputs have no sides, hence no edges.
 */
export function boundaryEdges(b: BoundaryResult): [number, number, number, number][] {
  if (b.value === 'output') return []
  const n = b.resolution
  const dx = (b.xRange[1] - b.xRange[0]) / n
  const dy = (b.yRange[1] - b.yRange[0]) / n
  const side = (i: number) => (b.value === 'probability' ? (b.grid[i] >= 0.5 ? 1 : 0) : b.grid[i])
  const out: [number, number, number, number][] = []
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++) {
      const i = r * n + c
      const x = b.xRange[0] + (c + 1) * dx
      const y = b.yRange[0] + (r + 1) * dy
      if (c + 1 < n && side(i) !== side(i + 1)) out.push([x, y - dy, x, y])
      if (r + 1 < n && side(i) !== side(i + n)) out.push([x - dx, y, x, y])
    }
  return out
}
