/**
 * Polynomial regression for the under/over-fitting lesson: a noisy cubic, least-squares fits of any
 * degree with an optional L2 penalty (weight decay), and the errors that show the capacity trade-off.
 */
import { rng } from '../../../engine/data/random'
import type { XY } from './linreg'

/** The cubic behind the data, coefficients from the constant term up. */
export const TRUE_CUBIC = [0.5, -1.5, -1, 3]

export function evalPoly(c: number[], x: number): number {
  let y = 0
  for (let k = c.length - 1; k >= 0; k--) y = y * x + c[k]
  return y
}

export function cubicData(o: { n: number; noise: number; seed: number }): XY {
  const r = rng(o.seed)
  const x = Array.from({ length: o.n }, () => r.uniform(-1, 1))
  return { x, y: x.map((xi) => evalPoly(TRUE_CUBIC, xi) + r.normal(0, o.noise)) }
}

/** Solves A·z = r by Gaussian elimination with partial pivoting; A is n×n, row-major. */
export function solveLinear(a: number[][], r: number[]): number[] {
  const n = r.length
  const m = a.map((row, i) => [...row, r[i]])
  for (let col = 0; col < n; col++) {
    let p = col
    for (let i = col + 1; i < n; i++) if (Math.abs(m[i][col]) > Math.abs(m[p][col])) p = i
    if (Math.abs(m[p][col]) < 1e-14)
      throw new Error(`the normal equations are singular at column ${col}: too few points for this degree`)
    ;[m[col], m[p]] = [m[p], m[col]]
    for (let i = col + 1; i < n; i++) {
      const f = m[i][col] / m[col][col]
      for (let j = col; j <= n; j++) m[i][j] -= f * m[col][j]
    }
  }
  const z = new Array<number>(n).fill(0)
  for (let i = n - 1; i >= 0; i--) {
    let s = m[i][n]
    for (let j = i + 1; j < n; j++) s -= m[i][j] * z[j]
    z[i] = s / m[i][i]
  }
  return z
}

/**
 * Minimises mean((p(x) − y)²) + λ·Σ_{k≥1} c_k², the penalty of weight decay; the constant term
 * is not penalised, as frameworks leave biases alone.
 */
export function fitPolynomial(d: XY, degree: number, lambda = 0): number[] {
  if (!Number.isInteger(degree) || degree < 0) throw new Error(`degree ${degree} must be a whole number ≥ 0`)
  if (lambda < 0) throw new Error(`weight decay ${lambda} must not be negative`)
  const k = degree + 1
  const n = d.x.length
  const ata = Array.from({ length: k }, () => new Array<number>(k).fill(0))
  const aty = new Array<number>(k).fill(0)
  for (let i = 0; i < n; i++) {
    const pw = Array.from({ length: k }, (_, j) => d.x[i] ** j)
    for (let r = 0; r < k; r++) {
      aty[r] += (pw[r] * d.y[i]) / n
      for (let c = 0; c < k; c++) ata[r][c] += (pw[r] * pw[c]) / n
    }
  }
  for (let j = 1; j < k; j++) ata[j][j] += lambda
  return solveLinear(ata, aty)
}

export function meanSquaredError(c: number[], d: XY): number {
  return d.x.reduce((s, x, i) => s + (evalPoly(c, x) - d.y[i]) ** 2, 0) / d.x.length
}

export interface CapacityPoint {
  degree: number
  train: number
  val: number
}

export function capacityCurve(train: XY, val: XY, maxDegree: number, lambda = 0): CapacityPoint[] {
  return Array.from({ length: maxDegree }, (_, i) => {
    const c = fitPolynomial(train, i + 1, lambda)
    return { degree: i + 1, train: meanSquaredError(c, train), val: meanSquaredError(c, val) }
  })
}
