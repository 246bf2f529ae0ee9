import { describe, expect, it } from 'vitest'
import { SHAPE_CLASSES, shapeClasses } from '../../../engine/data/shapes'

describe('shape-classes', () => {
  const ds = shapeClasses({ samples: 60, size: [32, 32] })

  it('is a 4-class segmentation set: background, circle, rectangle, triangle', () => {
    expect(ds).toMatchObject({
      task: 'segmentation',
      inputShape: [32, 32, 3],
      targetShape: [32, 32, 1],
      numClasses: 4,
      classNames: ['background', 'circle', 'rectangle', 'triangle'],
      size: 60,
    })
    expect(SHAPE_CLASSES).toHaveLength(4)
  })

  it('paints every class, each over a fair share of the pixels', () => {
    const counts = [0, 0, 0, 0]
    for (const v of ds.y) counts[v]++
    const total = ds.y.length
    expect(counts.reduce((a, b) => a + b)).toBe(total)
    // background most; each shape kind at least 4% of all pixels over 60 images
    expect(counts[0]).toBeGreaterThan(total / 3)
    for (const k of [1, 2, 3]) expect(counts[k], SHAPE_CLASSES[k]).toBeGreaterThan(total * 0.04)
  })

  it('colours shape pixels apart from their background (the mask matches the picture)', () => {
    // per image: mean colour of class-0 pixels vs. shape pixels differ by a wide margin
    let apart = 0
    for (let s = 0; s < ds.size; s++) {
      const sums = [
        [0, 0, 0, 0],
        [0, 0, 0, 0],
      ]
      for (let p = 0; p < 32 * 32; p++) {
        const cls = ds.y[s * 1024 + p] ? 1 : 0
        for (let c = 0; c < 3; c++) sums[cls][c] += ds.x[(s * 1024 + p) * 3 + c]
        sums[cls][3]++
      }
      if (!sums[0][3] || !sums[1][3]) continue
      const d = [0, 1, 2].reduce((a, c) => a + Math.abs(sums[0][c] / sums[0][3] - sums[1][c] / sums[1][3]), 0)
      if (d > 100) apart++
    }
    expect(apart).toBeGreaterThan(ds.size * 0.8)
  })

  it('is the same for the same seed and differs for another', () => {
    const again = shapeClasses({ samples: 60, size: [32, 32] })
    expect(Buffer.from(again.y).equals(Buffer.from(ds.y))).toBe(true)
    const other = shapeClasses({ samples: 60, size: [32, 32], seed: 5 })
    expect(Buffer.from(other.y).equals(Buffer.from(ds.y))).toBe(false)
  })
})
