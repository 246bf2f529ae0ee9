/**
 * IoU, greedy assignment, offsets and targets against the course's worked example: five anchors,
 * a dog box and a cat box (d2l's labels printed in its anchor-box section).
 */
import { describe, expect, it } from 'vitest'
import { assignAnchorToBox, boxIou, multiboxTarget, offsetBoxes, offsetInverse } from '../../../engine/detect'

const ground = [
  { cls: 0, box: [0.1, 0.08, 0.52, 0.92] as [number, number, number, number] },
  { cls: 1, box: [0.55, 0.2, 0.9, 0.88] as [number, number, number, number] },
]
const anchors = Float32Array.from([
  0, 0.1, 0.2, 0.3, 0.15, 0.2, 0.4, 0.4, 0.63, 0.05, 0.88, 0.98, 0.66, 0.45, 0.8, 0.8, 0.57, 0.3, 0.92, 0.9,
])

describe('boxIou', () => {
  it('computes intersection over union (hand-worked)', () => {
    // [0,0,2,2] and [1,1,3,3]: intersection 1, union 4 + 4 − 1 = 7; disjoint boxes give 0
    const iou = boxIou([0, 0, 2, 2], [1, 1, 3, 3, 5, 5, 6, 6, 0, 0, 2, 2])
    expect(iou[0]).toBeCloseTo(1 / 7, 6)
    expect(iou[1]).toBe(0)
    expect(iou[2]).toBeCloseTo(1, 6)
  })
})

describe('assignAnchorToBox', () => {
  it("assigns the course's example: anchors → [−1, 0, 1, −1, 1]", () => {
    const gt = ground.flatMap((g) => g.box)
    expect(Array.from(assignAnchorToBox(anchors, gt, 0.5))).toEqual([-1, 0, 1, -1, 1])
  })

  it('gives every box an anchor even below the threshold (the greedy pass)', () => {
    // one anchor overlaps the box by IoU 1/7 only: the threshold alone would leave the box unlearnt
    expect(Array.from(assignAnchorToBox([0, 0, 2, 2, 10, 10, 11, 11], [1, 1, 3, 3], 0.5))).toEqual([0, -1])
  })
})

describe('offsets', () => {
  it('encode centre shifts ×10/size and log size ratios ×5 (hand-worked)', () => {
    // anchor centre (0.5,0.5) size 0.2×0.4; box centre (0.52,0.46) size 0.4×0.2
    const o = offsetBoxes([0.4, 0.3, 0.6, 0.7], [0.32, 0.36, 0.72, 0.56])
    expect(o[0]).toBeCloseTo((10 * 0.02) / 0.2, 4)
    expect(o[1]).toBeCloseTo((10 * -0.04) / 0.4, 4)
    expect(o[2]).toBeCloseTo(5 * Math.log(2), 4)
    expect(o[3]).toBeCloseTo(5 * Math.log(0.5), 4)
    const back = offsetInverse([0.4, 0.3, 0.6, 0.7], o)
    ;[0.32, 0.36, 0.72, 0.56].forEach((v, i) => expect(back[i]).toBeCloseTo(v, 5))
  })
})

describe('multiboxTarget', () => {
  it("reproduces the course's class labels, mask and offsets", () => {
    const t = multiboxTarget(anchors, ground, 0.5)
    expect(Array.from(t.classes)).toEqual([0, 1, 2, 0, 2])
    expect(Array.from(t.mask)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1])
    const printed = [
      0, 0, 0, 0, 1.4, 10, 2.59, 7.18, -1.2, 0.269, 1.68, -1.57, 0, 0, 0, 0, -0.571, -1.0, 4.17e-6, 0.626,
    ]
    printed.forEach((v, i) => expect(t.offsets[i]).toBeCloseTo(v, 2))
  })

  it('marks every anchor background for an image without objects', () => {
    const t = multiboxTarget(anchors, [])
    expect(Array.from(t.classes)).toEqual([0, 0, 0, 0, 0])
    expect(t.mask.every((m) => m === 0)).toBe(true)
  })
})
