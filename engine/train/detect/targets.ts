/**
 * Per-batch anchor targets: each image's ground-truth rows (class, corners; class −1 pads) become
 * one row per anchor (class + 1 or 0 for background, then 4 offsets), the course's multibox_target.
 */
import { multiboxTarget, type TruthBox } from '../../detect/target'
import { BOX_ROW } from '../../data/detection/truth'

/** Per anchor in the target tensor: the class (0 = background) and 4 offsets. */
export const TARGET_ROW = 5

export function anchorTargets(truthRows: ArrayLike<number>, n: number, anchors: Float32Array): Float32Array {
  const rows = truthRows.length / (n * BOX_ROW)
  const a = anchors.length / 4
  const out = new Float32Array(n * a * TARGET_ROW)
  for (let b = 0; b < n; b++) {
    const truth: TruthBox[] = []
    for (let r = 0; r < rows; r++) {
      const at = (b * rows + r) * BOX_ROW
      if (truthRows[at] < 0) continue
      const box: TruthBox['box'] = [
        truthRows[at + 1],
        truthRows[at + 2],
        truthRows[at + 3],
        truthRows[at + 4],
      ]
      truth.push({ cls: truthRows[at], box })
    }
    const t = multiboxTarget(anchors, truth)
    for (let i = 0; i < a; i++) {
      const o = (b * a + i) * TARGET_ROW
      out[o] = t.classes[i]
      for (let k = 0; k < 4; k++) out[o + 1 + k] = t.offsets[i * 4 + k]
    }
  }
  return out
}
