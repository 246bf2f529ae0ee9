/**
 * mAP@0.5 of a validation pass: each batch's output is decoded on the host (softmax, offsets,
 * NMS) and kept with the images' ground truth; the mean average precision is taken at the end.
 */
import { detect } from '../../detect/nms'
import { meanAveragePrecision, type ScoredBox } from '../../detect/map'
import type { TruthBox } from '../../detect/target'

/** NMS threshold for validation mAP and predictions: the course's 0.5. */
export const NMS_THRESHOLD = 0.5
/** Detections kept per image for mAP; VOC's evaluation keeps the same order of magnitude. */
const MAX_DETECTIONS = 100

/** Detections of one image from its output rows [anchors, (C+1) + 4 + 4] (class scores are logits). */
export function decodeImage(
  out: ArrayLike<number>,
  anchorsCount: number,
  nmsThreshold = NMS_THRESHOLD,
  minScore = 0.01,
): ScoredBox[] {
  const width = out.length / anchorsCount
  const k = width - 8
  const probs = new Float32Array(anchorsCount * k)
  const offsets = new Float32Array(anchorsCount * 4)
  const anchors = new Float32Array(anchorsCount * 4)
  for (let i = 0; i < anchorsCount; i++) {
    const row = i * width
    let max = -Infinity
    for (let c = 0; c < k; c++) max = Math.max(max, out[row + c])
    let sum = 0
    for (let c = 0; c < k; c++) sum += probs[i * k + c] = Math.exp(out[row + c] - max)
    for (let c = 0; c < k; c++) probs[i * k + c] /= sum
    for (let j = 0; j < 4; j++) {
      offsets[i * 4 + j] = out[row + k + j]
      anchors[i * 4 + j] = out[row + k + 4 + j]
    }
  }
  return detect(probs, offsets, anchors, nmsThreshold, minScore)
    .slice(0, MAX_DETECTIONS)
    .map((d) => ({ cls: d.classId, score: d.score, box: d.box }))
}

export class MapScorer {
  private readonly detections: ScoredBox[][] = []
  private readonly truth: TruthBox[][] = []

  /** One batch: outputs [n, anchors, width] flat, and each image's ground truth. */
  add(out: Float32Array, truth: TruthBox[][], anchorsCount: number): void {
    const per = out.length / truth.length
    truth.forEach((t, b) => {
      this.detections.push(decodeImage(out.subarray(b * per, (b + 1) * per), anchorsCount))
      this.truth.push(t)
    })
  }

  result(): number | null {
    return meanAveragePrecision(this.detections, this.truth, 0.5).map
  }
}
