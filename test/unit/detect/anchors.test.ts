/**
 * Anchor generation against the course's printed example (a 561×728 image, sizes 0.75/0.5/0.25,
 * ratios 1/2/0.5) and a 2×3 map worked by hand.
 */
import { describe, expect, it } from 'vitest'
import { anchorsPerPixel, multiboxPrior } from '../../../engine/detect'

const close = (a: ArrayLike<number>, b: number[], digits = 5) =>
  b.forEach((v, i) => expect(a[i]).toBeCloseTo(v, digits))

describe('multiboxPrior', () => {
  it('gives n + m − 1 anchors per pixel', () => {
    expect(anchorsPerPixel([0.75, 0.5, 0.25], [1, 2, 0.5])).toBe(5)
    expect(anchorsPerPixel([0.2, 0.272], [1, 2, 0.5])).toBe(4)
    expect(multiboxPrior(561, 728, [0.75, 0.5, 0.25], [1, 2, 0.5]).length / 4).toBe(2042040)
  })

  it("matches the course's anchors at pixel (250, 250) of a 561×728 image", () => {
    const a = multiboxPrior(561, 728, [0.75, 0.5, 0.25], [1, 2, 0.5])
    const at = ((250 * 728 + 250) * 5 + 0) * 4
    // the course prints the first anchor rounded: [0.06, 0.07, 0.63, 0.82]
    close(a.subarray(at, at + 4), [0.06, 0.07, 0.63, 0.82], 2)
    close(
      a.subarray(at, at + 20),
      [
        0.055117, 0.071524, 0.63307, 0.821524, 0.151442, 0.196524, 0.536744, 0.696524, 0.247768, 0.321524,
        0.440419, 0.571524, -0.064581, 0.181359, 0.752768, 0.711689, 0.139756, -0.083806, 0.548431, 0.976854,
      ],
    )
  })

  it('centres anchors at pixel centres and scales widths by h/w (hand-worked 2×3 map)', () => {
    const a = multiboxPrior(2, 3, [0.2, 0.272], [1, 2, 0.5])
    expect(a.length).toBe(2 * 3 * 4 * 4)
    // pixel (0, 0): centre (1/6, 1/4); size 0.2, ratio 1 → width 0.2·2/3, height 0.2
    close(a.subarray(0, 4), [1 / 6 - 0.2 / 3, 0.25 - 0.1, 1 / 6 + 0.2 / 3, 0.25 + 0.1])
    // ratio 2 with the first size: width 0.2·√2·2/3, height 0.2/√2
    const w = (0.2 * Math.SQRT2 * 2) / 3 / 2
    const h = 0.2 / Math.SQRT2 / 2
    close(a.subarray(8, 12), [1 / 6 - w, 0.25 - h, 1 / 6 + w, 0.25 + h])
    // last pixel (1, 2): centre (5/6, 3/4), its size-0.272 anchor
    const at = ((1 * 3 + 2) * 4 + 1) * 4
    close(a.subarray(at, at + 4), [5 / 6 - 0.272 / 3, 0.75 - 0.136, 5 / 6 + 0.272 / 3, 0.75 + 0.136])
  })

  it('refuses empty sizes or ratios', () => {
    expect(() => multiboxPrior(2, 2, [], [1])).toThrow(/at least one size/)
  })
})
