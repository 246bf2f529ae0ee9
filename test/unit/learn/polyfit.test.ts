import { describe, expect, it } from 'vitest'
import {
  TRUE_CUBIC,
  capacityCurve,
  cubicData,
  evalPoly,
  fitPolynomial,
  meanSquaredError,
  solveLinear,
} from '../../../renderer/src/learn/polyfit'

const train = cubicData({ n: 15, noise: 0.3, seed: 1 })
const val = cubicData({ n: 100, noise: 0.3, seed: 2 })

describe('polynomial fitting lesson maths', () => {
  it('evaluates polynomials from the constant term up', () => {
    expect(evalPoly([1, 2, 3], 2)).toBe(1 + 4 + 12)
  })

  it('solves a linear system that needs pivoting', () => {
    const z = solveLinear(
      [
        [0, 2, 1],
        [1, 1, 0],
        [3, 0, 1],
      ],
      [5, 3, 4],
    )
    // solution (1, 2, 1)
    z.forEach((v, i) => expect(v).toBeCloseTo([1, 2, 1][i], 12))
  })

  it('least squares recovers known coefficients from noise-free data', () => {
    const exact = cubicData({ n: 30, noise: 0, seed: 5 })
    fitPolynomial(exact, 3).forEach((c, i) => expect(c).toBeCloseTo(TRUE_CUBIC[i], 8))
    // a higher degree finds the same cubic, its extra coefficients zero
    const c5 = fitPolynomial(exact, 5)
    expect(c5[4]).toBeCloseTo(0, 6)
    expect(c5[5]).toBeCloseTo(0, 6)
  })

  it('the fit is the minimum: its gradient vanishes', () => {
    const c = fitPolynomial(train, 4)
    const base = meanSquaredError(c, train)
    for (let k = 0; k < c.length; k++) {
      const up = [...c]
      up[k] += 1e-4
      const down = [...c]
      down[k] -= 1e-4
      expect(meanSquaredError(up, train)).toBeGreaterThan(base)
      expect(meanSquaredError(down, train)).toBeGreaterThan(base)
    }
  })

  it('training error falls with degree while validation error turns up: over-fitting', () => {
    const curve = capacityCurve(train, val, 12)
    for (let i = 1; i < curve.length; i++)
      expect(curve[i].train).toBeLessThanOrEqual(curve[i - 1].train + 1e-9)
    const bestVal = curve.reduce((a, b) => (b.val < a.val ? b : a))
    expect(bestVal.degree).toBeGreaterThanOrEqual(3)
    expect(bestVal.degree).toBeLessThanOrEqual(5)
    expect(curve[0].val).toBeGreaterThan(bestVal.val * 2) // under-fitting at degree 1
    expect(curve[11].val).toBeGreaterThan(bestVal.val * 10) // over-fitting at degree 12
  })

  it('weight decay shrinks the coefficients and tames the degree-12 fit', () => {
    const norm = (c: number[]) => Math.hypot(...c.slice(1))
    const plain = fitPolynomial(train, 12)
    const decayed = fitPolynomial(train, 12, 1e-3)
    expect(norm(decayed)).toBeLessThan(norm(plain) / 10)
    expect(meanSquaredError(decayed, val)).toBeLessThan(meanSquaredError(plain, val) / 10)
    expect(meanSquaredError(decayed, train)).toBeGreaterThan(meanSquaredError(plain, train))
  })

  it('refuses a negative degree or weight decay', () => {
    expect(() => fitPolynomial(train, -1)).toThrow(/degree -1/)
    expect(() => fitPolynomial(train, 2, -0.1)).toThrow(/weight decay -0.1/)
  })
})
