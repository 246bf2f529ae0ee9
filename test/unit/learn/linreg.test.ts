import { describe, expect, it } from 'vitest'
import {
  bostonFeature,
  descend,
  gradient,
  leastSquares,
  loss,
  lossGrid,
  syntheticLine,
} from '../../../renderer/src/learn/linreg'

const data = syntheticLine({ n: 60, w: 2, b: -1, noise: 0.5, seed: 7 })

describe('linear regression lesson maths', () => {
  it('gradient matches central finite differences', () => {
    for (const [w, b] of [
      [-1, 3],
      [0.4, -2],
      [2.5, 0.1],
    ]) {
      const h = 1e-5
      const [gw, gb] = gradient(data, w, b)
      expect(gw).toBeCloseTo((loss(data, w + h, b) - loss(data, w - h, b)) / (2 * h), 6)
      expect(gb).toBeCloseTo((loss(data, w, b + h) - loss(data, w, b - h)) / (2 * h), 6)
    }
  })

  it('least squares recovers a noise-free line and zeroes the gradient', () => {
    const exact = syntheticLine({ n: 20, w: -0.7, b: 4, noise: 0, seed: 1 })
    const fit = leastSquares(exact)
    expect(fit.w).toBeCloseTo(-0.7, 10)
    expect(fit.b).toBeCloseTo(4, 10)
    const best = leastSquares(data)
    const [gw, gb] = gradient(data, best.w, best.b)
    expect(Math.abs(gw) + Math.abs(gb)).toBeLessThan(1e-10)
  })

  it('full-batch GD on the quadratic loss converges to the closed-form solution', () => {
    const best = leastSquares(data)
    const path = descend(data, { w0: -1, b0: 3, lr: 0.3, steps: 400, batchSize: data.x.length, seed: 1 })
    const end = path.at(-1)!
    expect(path).toHaveLength(401)
    expect(end.w).toBeCloseTo(best.w, 6)
    expect(end.b).toBeCloseTo(best.b, 6)
    // full-batch steps below 2/λmax never raise the loss
    for (let i = 1; i < path.length; i++) expect(path[i].loss).toBeLessThanOrEqual(path[i - 1].loss + 1e-12)
  })

  it('a too large learning rate diverges, a too small one is still far away', () => {
    const n = data.x.length
    const big = descend(data, { w0: -1, b0: 3, lr: 0.6, steps: 60, batchSize: n, seed: 1 })
    expect(big.at(-1)!.loss).toBeGreaterThan(big[0].loss * 100)
    const small = descend(data, { w0: -1, b0: 3, lr: 0.01, steps: 60, batchSize: n, seed: 1 })
    const best = leastSquares(data)
    expect(small.at(-1)!.loss).toBeGreaterThan(3 * loss(data, best.w, best.b))
  })

  it('SGD and mini-batch paths are noisy but end near the optimum', () => {
    const best = leastSquares(data)
    const bestLoss = loss(data, best.w, best.b)
    for (const batchSize of [1, 8]) {
      const path = descend(data, { w0: -1, b0: 3, lr: 0.05, steps: 600, batchSize, seed: 3 })
      expect(path.at(-1)!.loss).toBeLessThan(bestLoss * 1.2)
      // at least one step goes uphill on the full-data loss: the mini-batch gradient is only an estimate
      expect(path.some((p, i) => i > 0 && p.loss > path[i - 1].loss)).toBe(true)
    }
  })

  it('refuses a batch larger than the data and a non-positive learning rate', () => {
    expect(() => descend(data, { w0: 0, b0: 0, lr: 0.1, steps: 1, batchSize: 61, seed: 1 })).toThrow(
      /batch size 61/,
    )
    expect(() => descend(data, { w0: 0, b0: 0, lr: 0, steps: 1, batchSize: 1, seed: 1 })).toThrow(
      /learning rate/,
    )
  })

  it('loss grid evaluates the loss at cell centres', () => {
    const g = lossGrid(data, [0, 4], [-2, 2], 4)
    expect(g.ws).toEqual([0.5, 1.5, 2.5, 3.5])
    expect(g.cells).toHaveLength(16)
    const [w, b, l] = g.cells[5]
    expect(l).toBeCloseTo(loss(data, w, b), 12)
  })

  it('standardises a Boston feature and the price', () => {
    const rows = [
      { lstat: 5, medv: 30 },
      { lstat: 10, medv: 20 },
      { lstat: 15, medv: 10 },
    ]
    const d = bostonFeature(rows, 'lstat')
    expect(d.x[1]).toBeCloseTo(0, 12)
    expect(d.x.reduce((s, v) => s + v * v, 0) / 3).toBeCloseTo(1, 12)
    expect(leastSquares(d).w).toBeCloseTo(-1, 12)
    expect(() => bostonFeature(rows, 'rm')).toThrow(/'rm'/)
  })
})
