/** NMS and decoding against the course's four-anchor example (a dog seen three times, one cat). */
import { describe, expect, it } from 'vitest'
import { detect, multiboxDetection, nms } from '../../../engine/detect'

const anchors = [0.1, 0.08, 0.52, 0.92, 0.08, 0.2, 0.56, 0.95, 0.15, 0.3, 0.62, 0.91, 0.55, 0.2, 0.9, 0.88]
// per anchor: background, dog, cat
const probs = [0, 0.9, 0.1, 0, 0.8, 0.2, 0, 0.7, 0.3, 0, 0.1, 0.9]
const offsets = new Array<number>(16).fill(0)

describe('nms', () => {
  it('keeps the most confident box and drops its overlapping neighbours', () => {
    const boxes = [0, 0, 1, 1, 0, 0, 1, 0.9, 2, 2, 3, 3]
    expect(nms(boxes, [0.5, 0.9, 0.1], 0.5)).toEqual([1, 2])
    // with a threshold above their IoU (0.9) both overlapping boxes stay
    expect(nms(boxes, [0.5, 0.9, 0.1], 0.95)).toEqual([1, 0, 2])
  })
})

describe('multiboxDetection', () => {
  it("prints the course's output for the four-anchor example", () => {
    const rows = multiboxDetection(probs, offsets, anchors, 0.5)
    const expected = [
      [0, 0.9, 0.1, 0.08, 0.52, 0.92],
      [1, 0.9, 0.55, 0.2, 0.9, 0.88],
      [-1, 0.8, 0.08, 0.2, 0.56, 0.95],
      [-1, 0.7, 0.15, 0.3, 0.62, 0.91],
    ]
    rows.forEach((r, i) => {
      expect(r.classId).toBe(expected[i][0])
      expect(r.score).toBeCloseTo(expected[i][1], 5)
      r.box.forEach((v, k) => expect(v).toBeCloseTo(expected[i][k + 2], 5))
    })
  })

  it('decodes offsets into boxes and keeps only real detections in detect()', () => {
    // an offset of 10·0.1/0.42 on the first anchor moves its centre right by 0.1·… of its width
    const moved = [...offsets]
    moved[0] = 10 * (0.1 / 0.42)
    const [first] = detect(probs, moved, anchors, 0.5)
    expect(first.classId).toBe(0)
    expect(first.box[0]).toBeCloseTo(0.2, 5)
    expect(first.box[2]).toBeCloseTo(0.62, 5)
    expect(detect(probs, offsets, anchors, 0.5).map((d) => d.classId)).toEqual([0, 1])
  })
})
