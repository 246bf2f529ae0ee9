/**
 * How a detection dataset stores its boxes: per image a fixed number of rows
 * (class, x1, y1, x2, y2), corners normalised to [0, 1]; unused rows have class −1. A fixed row
 * count keeps the dataset a flat typed array like every other set; the anchor targets are built
 * from these rows per batch (engine/train/detect), since they depend on the model's anchors.
 */
import type { TruthBox } from '../../detect/target'
import type { Dataset } from '../types'

export const BOX_ROW = 5

/** The ground-truth boxes of sample `i`. */
export function truthOf(ds: Pick<Dataset, 'y' | 'targetShape'>, i: number): TruthBox[] {
  const rows = ds.targetShape[0]
  const out: TruthBox[] = []
  for (let r = 0; r < rows; r++) {
    const at = (i * rows + r) * BOX_ROW
    if (ds.y[at] < 0) continue
    out.push({ cls: ds.y[at], box: [ds.y[at + 1], ds.y[at + 2], ds.y[at + 3], ds.y[at + 4]] })
  }
  return out
}

/** Rows of boxes for many images, padded with class −1 to the largest count (at least 1). */
export function packTruth(images: TruthBox[][]): { y: Float32Array; rows: number } {
  const rows = Math.max(1, ...images.map((b) => b.length))
  const y = new Float32Array(images.length * rows * BOX_ROW)
  images.forEach((boxes, i) => {
    for (let r = 0; r < rows; r++) {
      const at = (i * rows + r) * BOX_ROW
      const b = boxes[r]
      if (!b) y[at] = -1
      else y.set([b.cls, ...b.box], at)
    }
  })
  return { y, rows }
}
