/**
 * Training targets of one image, the course's multibox_target: each anchor gets a class
 * (0 = background, ground-truth class + 1 otherwise) and, if it is not background, the offsets
 * to its box; background anchors' offsets are 0 and masked out of the box loss.
 */
import { assignAnchorToBox } from './assign'
import { offsetBoxes } from './offsets'

/** One ground-truth object: class id (0-based) and corner box in [0, 1]. */
export interface TruthBox {
  cls: number
  box: [number, number, number, number]
}

export interface AnchorTargets {
  /** Per anchor: 0 for background, class id + 1 for an object. */
  classes: Int32Array
  /** 4 per anchor; zero where masked. */
  offsets: Float32Array
  /** 4 per anchor: 1 for an object's anchor, 0 for background. */
  mask: Float32Array
}

export function multiboxTarget(anchors: Float32Array, truth: TruthBox[], iouThreshold = 0.5): AnchorTargets {
  const n = anchors.length / 4
  const gt = new Float32Array(truth.length * 4)
  truth.forEach((t, j) => gt.set(t.box, j * 4))
  const map = assignAnchorToBox(anchors, gt, iouThreshold)
  const classes = new Int32Array(n)
  const mask = new Float32Array(n * 4)
  const assigned = new Float32Array(anchors)
  for (let i = 0; i < n; i++) {
    const j = map[i]
    if (j < 0) continue
    classes[i] = truth[j].cls + 1
    mask.fill(1, i * 4, i * 4 + 4)
    assigned.set(truth[j].box, i * 4)
  }
  // unassigned anchors are matched with themselves (offset ≈ 0) and then masked to exactly 0
  const offsets = offsetBoxes(anchors, assigned)
  for (let k = 0; k < offsets.length; k++) offsets[k] *= mask[k]
  return { classes, offsets, mask }
}
