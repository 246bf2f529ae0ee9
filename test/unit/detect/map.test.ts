/** VOC-style AP and mAP@0.5 on hand-worked rankings. */
import { describe, expect, it } from 'vitest'
import { averagePrecision, meanAveragePrecision } from '../../../engine/detect'

type B = [number, number, number, number]
const box = (x: number, y: number, s = 0.2): B => [x, y, x + s, y + s]

describe('averagePrecision', () => {
  it('is 1 for a perfect ranking and the interpolated area otherwise', () => {
    expect(averagePrecision([true, true], 2)).toBe(1)
    // TP, FP, TP over 2 boxes: recall 0.5 at precision 1, recall 1 at precision 2/3 → 0.5 + 0.5·2/3
    expect(averagePrecision([true, false, true], 2)).toBeCloseTo(0.5 + 1 / 3, 10)
    // one of two boxes found, nothing else: 0.5
    expect(averagePrecision([true], 2)).toBe(0.5)
    expect(averagePrecision([], 0)).toBe(0)
  })
})

describe('meanAveragePrecision', () => {
  it('matches detections to truth at IoU ≥ 0.5, counts duplicates as false positives, averages classes', () => {
    const truth = [
      [
        { cls: 0, box: box(0, 0) },
        { cls: 1, box: box(0.5, 0.5) },
      ],
      [{ cls: 0, box: box(0.3, 0.3) }],
    ]
    const detections = [
      [
        { cls: 0, score: 0.9, box: box(0.01, 0.01) }, // TP
        { cls: 0, score: 0.8, box: box(0.02, 0) }, // duplicate of the same box: FP
        { cls: 1, score: 0.7, box: box(0.5, 0.5) }, // TP
      ],
      [{ cls: 0, score: 0.6, box: box(0.3, 0.3) }], // TP
    ]
    const r = meanAveragePrecision(detections, truth)
    // class 0: TP, FP, TP over 2 → 0.5 + 0.5·2/3; class 1: 1
    expect(r.perClass.get(0)).toBeCloseTo(0.5 + 1 / 3, 10)
    expect(r.perClass.get(1)).toBe(1)
    expect(r.map).toBeCloseTo((0.5 + 1 / 3 + 1) / 2, 10)
  })

  it('does not accept a box overlapping below 0.5 or of another class', () => {
    const truth = [[{ cls: 0, box: box(0, 0) }]]
    expect(meanAveragePrecision([[{ cls: 0, score: 1, box: box(0.15, 0) }]], truth).map).toBe(0)
    expect(meanAveragePrecision([[{ cls: 1, score: 1, box: box(0, 0) }]], truth).map).toBe(0)
    expect(meanAveragePrecision([[]], [[]]).map).toBeNull()
  })
})
