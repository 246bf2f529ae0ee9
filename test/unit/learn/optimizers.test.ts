import { describe, expect, it } from 'vitest'
import { initState, optimize, step, wavy, wavyGrad } from '../../../renderer/src/learn/optimizers'

describe('optimizer update rules', () => {
  it('plain gradient descent moves against the gradient by lr', () => {
    const { x } = step({ kind: 'sgd', lr: 0.1 }, [1, -2], [4, -6], initState(2))
    expect(x[0]).toBeCloseTo(0.6, 12)
    expect(x[1]).toBeCloseTo(-1.4, 12)
  })

  it('momentum accumulates velocity v ← βv + g', () => {
    const h = { kind: 'momentum', lr: 0.1, beta: 0.9 } as const
    const s1 = step(h, [1], [2], initState(1))
    // v1 = 2, x1 = 1 − 0.2
    expect(s1.x[0]).toBeCloseTo(0.8, 12)
    const s2 = step(h, s1.x, [1], s1.state)
    // v2 = 0.9·2 + 1 = 2.8, x2 = 0.8 − 0.28
    expect(s2.state.m[0]).toBeCloseTo(2.8, 12)
    expect(s2.x[0]).toBeCloseTo(0.52, 12)
  })

  it('Adam follows the bias-corrected moment estimates', () => {
    const h = { kind: 'adam', lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8 } as const
    const s1 = step(h, [1], [2], initState(1))
    // m̂ = 2, v̂ = 4: the first step has length lr whatever the gradient's size
    expect(s1.x[0]).toBeCloseTo(1 - 0.1 * (2 / (2 + 1e-8)), 12)
    const s2 = step(h, s1.x, [-1], s1.state)
    const m = 0.9 * 0.2 + 0.1 * -1 // 0.08
    const v = 0.999 * 0.004 + 0.001 * 1 // 0.004996
    const mHat = m / (1 - 0.81)
    const vHat = v / (1 - 0.999 ** 2)
    expect(s2.state.m[0]).toBeCloseTo(m, 12)
    expect(s2.state.v[0]).toBeCloseTo(v, 12)
    expect(s2.x[0]).toBeCloseTo(s1.x[0] - (0.1 * mHat) / (Math.sqrt(vHat) + 1e-8), 12)
  })

  it('the wavy curve gradient matches finite differences', () => {
    for (const w of [-3.3, -0.4, 0.7, 2, 5.1]) {
      const h = 1e-6
      expect(wavyGrad(w)).toBeCloseTo((wavy(w + h) - wavy(w - h)) / (2 * h), 5)
    }
  })

  it('from w = 2, plain GD stalls on the flat stretch near 0 while momentum and Adam reach the valley at −2.29', () => {
    const f = (x: number[]) => wavy(x[0])
    const g = (x: number[]) => [wavyGrad(x[0])]
    const gd = optimize({ kind: 'sgd', lr: 0.01 }, f, g, [2], 100).at(-1)!
    const mom = optimize({ kind: 'momentum', lr: 0.01, beta: 0.9 }, f, g, [2], 100).at(-1)!
    const adam = optimize({ kind: 'adam', lr: 0.3, beta1: 0.9, beta2: 0.999, eps: 1e-8 }, f, g, [2], 100).at(
      -1,
    )!
    expect(gd.x[0]).toBeGreaterThan(0)
    expect(gd.x[0]).toBeLessThan(1)
    for (const end of [mom, adam]) {
      expect(end.x[0]).toBeCloseTo(-2.29, 1)
      expect(end.f).toBeLessThan(-3.9)
    }
  })

  it('GD on a convex quadratic reaches its minimum', () => {
    // f(x) = (x0 − 3)² + 10(x1 + 1)²
    const f = (x: number[]) => (x[0] - 3) ** 2 + 10 * (x[1] + 1) ** 2
    const g = (x: number[]) => [2 * (x[0] - 3), 20 * (x[1] + 1)]
    for (const h of [
      { kind: 'sgd', lr: 0.09 },
      { kind: 'momentum', lr: 0.02, beta: 0.8 },
      { kind: 'adam', lr: 0.05, beta1: 0.9, beta2: 0.999, eps: 1e-8 },
    ] as const) {
      const end = optimize(h, f, g, [0, 0], 2000).at(-1)!
      expect(end.x[0]).toBeCloseTo(3, 3)
      expect(end.x[1]).toBeCloseTo(-1, 3)
    }
  })
})
