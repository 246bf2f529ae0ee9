/**
 * Non-maximum suppression and the course's multibox_detection: decode each anchor's offsets into
 * a box, take its most likely object class, then keep boxes in falling confidence and drop any that
 * overlaps a kept one by more than the threshold.
 */
import { iouAt, type Boxes } from './boxes'
import { offsetInverse } from './offsets'

/** Indices of the kept boxes, most confident first (the course's nms, class-agnostic). */
export function nms(boxes: Boxes, scores: ArrayLike<number>, iouThreshold: number): number[] {
  let order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b] - scores[a])
  const keep: number[] = []
  while (order.length) {
    const i = order[0]
    keep.push(i)
    order = order.slice(1).filter((j) => iouAt(boxes, i, boxes, j) <= iouThreshold)
  }
  return keep
}

/** One row of the course's detection output. */
export interface DetectionRow {
  /** Class id (0-based, background excluded), or −1 for a suppressed or background box. */
  classId: number
  score: number
  box: [number, number, number, number]
}

/**
 * All anchors as the course lays them out: kept boxes first (by confidence), then the suppressed
 * ones with class −1; a box whose confidence is below `posThreshold` becomes background with
 * score 1 − confidence. `probs` holds (classes + 1) probabilities per anchor, background first.
 */
export function multiboxDetection(
  probs: ArrayLike<number>,
  offsets: ArrayLike<number>,
  anchors: Boxes,
  nmsThreshold = 0.5,
  posThreshold = 0.009999999,
): DetectionRow[] {
  const n = anchors.length / 4
  const k = probs.length / n
  const conf = new Float32Array(n)
  const cls = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    let best = 1
    for (let c = 2; c < k; c++) if (probs[i * k + c] > probs[i * k + best]) best = c
    conf[i] = probs[i * k + best]
    cls[i] = best - 1
  }
  const boxes = offsetInverse(anchors, offsets)
  const keep = nms(boxes, conf, nmsThreshold)
  const kept = new Set(keep)
  const order = [...keep, ...Array.from({ length: n }, (_, i) => i).filter((i) => !kept.has(i))]
  return order.map((i) => {
    const low = conf[i] < posThreshold
    return {
      classId: kept.has(i) && !low ? cls[i] : -1,
      score: low ? 1 - conf[i] : conf[i],
      box: [boxes[i * 4], boxes[i * 4 + 1], boxes[i * 4 + 2], boxes[i * 4 + 3]],
    }
  })
}

/** The detections a user sees: kept object boxes with at least `minScore`, most confident first. */
export function detect(
  probs: ArrayLike<number>,
  offsets: ArrayLike<number>,
  anchors: Boxes,
  nmsThreshold = 0.5,
  minScore = 0.01,
): DetectionRow[] {
  return multiboxDetection(probs, offsets, anchors, nmsThreshold).filter(
    (r) => r.classId >= 0 && r.score >= minScore,
  )
}
