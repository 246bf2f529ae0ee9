/**
 * VOC-style mean average precision at one IoU threshold (0.5 for mAP@0.5). Per class, detections
 * of all images are ranked by score; a detection is a true positive when it overlaps a not yet
 * matched ground-truth box of its class by at least the threshold. AP is the area under the
 * precision–recall curve with precision made monotone (VOC 2010's all-point interpolation).
 */
import { iouAt } from './boxes'
import type { TruthBox } from './target'

export interface ScoredBox extends TruthBox {
  score: number
}

/** Average precision from ranked true/false positive flags and the number of ground-truth boxes. */
export function averagePrecision(hits: boolean[], positives: number): number {
  if (!positives) return 0
  const recall: number[] = [0]
  const precision: number[] = [1]
  let tp = 0
  hits.forEach((h, i) => {
    if (h) tp++
    recall.push(tp / positives)
    precision.push(tp / (i + 1))
  })
  for (let i = precision.length - 2; i >= 0; i--) precision[i] = Math.max(precision[i], precision[i + 1])
  let ap = 0
  for (let i = 1; i < recall.length; i++) ap += (recall[i] - recall[i - 1]) * precision[i]
  return ap
}

/**
 * mAP over the classes that have ground truth in `truth`. `detections[i]` and `truth[i]` belong to
 * image i. Returns null when no image has any ground-truth box.
 */
export function meanAveragePrecision(
  detections: ScoredBox[][],
  truth: TruthBox[][],
  iouThreshold = 0.5,
): { map: number | null; perClass: Map<number, number> } {
  const classes = [...new Set(truth.flat().map((t) => t.cls))].sort((a, b) => a - b)
  const perClass = new Map<number, number>()
  for (const c of classes) {
    const ranked = detections
      .flatMap((ds, img) => ds.filter((d) => d.cls === c).map((d) => ({ d, img })))
      .sort((a, b) => b.d.score - a.d.score)
    const gts = truth.map((ts) => ts.filter((t) => t.cls === c))
    const used = gts.map((g) => new Array<boolean>(g.length).fill(false))
    // VOC's rule: the best-overlapping box of the class decides; if it is already taken, the
    // detection is a false positive (a duplicate), even when another box would have matched
    const hits = ranked.map(({ d, img }) => {
      let best = -1
      let bestIou = -1
      gts[img].forEach((g, j) => {
        const iou = iouAt(d.box, 0, g.box, 0)
        if (iou > bestIou) {
          best = j
          bestIou = iou
        }
      })
      if (best < 0 || bestIou < iouThreshold || used[img][best]) return false
      used[img][best] = true
      return true
    })
    perClass.set(c, averagePrecision(hits, gts.flat().length))
  }
  const aps = [...perClass.values()]
  return { map: aps.length ? aps.reduce((a, b) => a + b, 0) / aps.length : null, perClass }
}
