/**
 * Which ground-truth box each anchor learns, the course's assign_anchor_to_bbox. First every
 * anchor whose best IoU reaches the threshold takes that box; then, greedily, the largest IoU
 * left in the whole table pairs its anchor and box, and that anchor's row and box's column leave
 * the table — so every box gets at least one anchor even when no IoU reaches the threshold.
 */
import { boxIou, type Boxes } from './boxes'

/** Per anchor, the index of its ground-truth box, or −1 for background. */
export function assignAnchorToBox(anchors: Boxes, truth: Boxes, iouThreshold = 0.5): Int32Array {
  const na = anchors.length / 4
  const nb = truth.length / 4
  const map = new Int32Array(na).fill(-1)
  if (!nb) return map
  const iou = boxIou(anchors, truth)
  for (let i = 0; i < na; i++) {
    let best = 0
    for (let j = 1; j < nb; j++) if (iou[i * nb + j] > iou[i * nb + best]) best = j
    if (iou[i * nb + best] >= iouThreshold) map[i] = best
  }
  for (let round = 0; round < nb; round++) {
    let at = 0
    for (let k = 1; k < iou.length; k++) if (iou[k] > iou[at]) at = k
    if (iou[at] < 0) break
    const i = Math.floor(at / nb)
    const j = at % nb
    map[i] = j
    // −1 is below any IoU, so discarded entries never win again (the course's col/row_discard)
    for (let r = 0; r < na; r++) iou[r * nb + j] = -1
    iou.fill(-1, i * nb, (i + 1) * nb)
  }
  return map
}
