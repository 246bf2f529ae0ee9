/**
 * Box geometry shared by anchors, assignment, offsets and NMS. Boxes are flat arrays of corners
 * (x1, y1, x2, y2) per box, normalised to [0, 1] of the image width and height, the course's layout.
 */

/** A flat run of boxes, four numbers each. */
export type Boxes = ArrayLike<number>

/** Corner form (x1, y1, x2, y2) → centre form (cx, cy, w, h), box by box. */
export function cornerToCenter(b: Boxes): Float32Array {
  const out = new Float32Array(b.length)
  for (let i = 0; i < b.length; i += 4) {
    out[i] = (b[i] + b[i + 2]) / 2
    out[i + 1] = (b[i + 1] + b[i + 3]) / 2
    out[i + 2] = b[i + 2] - b[i]
    out[i + 3] = b[i + 3] - b[i + 1]
  }
  return out
}

/** Centre form (cx, cy, w, h) → corner form (x1, y1, x2, y2). */
export function centerToCorner(b: Boxes): Float32Array {
  const out = new Float32Array(b.length)
  for (let i = 0; i < b.length; i += 4) {
    out[i] = b[i] - b[i + 2] / 2
    out[i + 1] = b[i + 1] - b[i + 3] / 2
    out[i + 2] = b[i] + b[i + 2] / 2
    out[i + 3] = b[i + 1] + b[i + 3] / 2
  }
  return out
}

const area = (b: Boxes, i: number) => (b[i + 2] - b[i]) * (b[i + 3] - b[i + 1])

/** Intersection over union of box `i` of `a` and box `j` of `b` (offsets in boxes, not numbers). */
export function iouAt(a: Boxes, i: number, b: Boxes, j: number): number {
  const p = i * 4
  const q = j * 4
  const w = Math.max(0, Math.min(a[p + 2], b[q + 2]) - Math.max(a[p], b[q]))
  const h = Math.max(0, Math.min(a[p + 3], b[q + 3]) - Math.max(a[p + 1], b[q + 1]))
  const inter = w * h
  const union = area(a, p) + area(b, q) - inter
  return union > 0 ? inter / union : 0
}

/** IoU of every box of `a` with every box of `b`: row-major [a boxes × b boxes] (the course's box_iou). */
export function boxIou(a: Boxes, b: Boxes): Float32Array {
  const n = a.length / 4
  const m = b.length / 4
  const out = new Float32Array(n * m)
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) out[i * m + j] = iouAt(a, i, b, j)
  return out
}
