/**
 * Box offsets relative to an anchor, the course's offset_boxes / offset_inverse: the centre shift
 * in units of the anchor's size, times 10, and the log of the size ratio, times 5. The scales make
 * typical targets of order 1, which suits an L1 loss next to a cross-entropy.
 */
import { centerToCorner, cornerToCenter, type Boxes } from './boxes'

const EPS = 1e-6

/** Offsets (4 per anchor) that move each anchor onto its assigned box. */
export function offsetBoxes(anchors: Boxes, assigned: Boxes): Float32Array {
  const a = cornerToCenter(anchors)
  const b = cornerToCenter(assigned)
  const out = new Float32Array(a.length)
  for (let i = 0; i < a.length; i += 4) {
    out[i] = (10 * (b[i] - a[i])) / a[i + 2]
    out[i + 1] = (10 * (b[i + 1] - a[i + 1])) / a[i + 3]
    out[i + 2] = 5 * Math.log(EPS + b[i + 2] / a[i + 2])
    out[i + 3] = 5 * Math.log(EPS + b[i + 3] / a[i + 3])
  }
  return out
}

/** The boxes (corner form) that predicted offsets describe, the inverse of offsetBoxes. */
export function offsetInverse(anchors: Boxes, offsets: ArrayLike<number>): Float32Array {
  const a = cornerToCenter(anchors)
  const c = new Float32Array(a.length)
  for (let i = 0; i < a.length; i += 4) {
    c[i] = (offsets[i] * a[i + 2]) / 10 + a[i]
    c[i + 1] = (offsets[i + 1] * a[i + 3]) / 10 + a[i + 1]
    c[i + 2] = Math.exp(offsets[i + 2] / 5) * a[i + 2]
    c[i + 3] = Math.exp(offsets[i + 3] / 5) * a[i + 3]
  }
  return centerToCorner(c)
}
