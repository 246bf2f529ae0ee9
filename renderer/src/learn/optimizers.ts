/**
 * Update rules of the three optimizers the lessons compare, on a parameter vector. Each step takes
 * the gradient at the current point and returns the next point; state lives in the returned object
 * so a path can be replayed step by step.
 */
export type Vec = number[]

export interface SgdHyper {
  kind: 'sgd'
  lr: number
}
export interface MomentumHyper {
  kind: 'momentum'
  lr: number
  /** Fraction of the previous velocity kept each step. */
  beta: number
}
export interface AdamHyper {
  kind: 'adam'
  lr: number
  beta1: number
  beta2: number
  eps: number
}
export type OptimizerHyper = SgdHyper | MomentumHyper | AdamHyper

export interface OptimizerState {
  /** Velocity (momentum) or first moment (Adam). */
  m: Vec
  /** Second moment (Adam only). */
  v: Vec
  t: number
}

export const initState = (n: number): OptimizerState => ({
  m: new Array(n).fill(0),
  v: new Array(n).fill(0),
  t: 0,
})

export function step(
  h: OptimizerHyper,
  x: Vec,
  g: Vec,
  s: OptimizerState,
): { x: Vec; state: OptimizerState } {
  const t = s.t + 1
  switch (h.kind) {
    case 'sgd':
      return { x: x.map((xi, i) => xi - h.lr * g[i]), state: { ...s, t } }
    case 'momentum': {
      // v ← βv + g; x ← x − ηv (PyTorch's SGD momentum form)
      const m = s.m.map((mi, i) => h.beta * mi + g[i])
      return { x: x.map((xi, i) => xi - h.lr * m[i]), state: { m, v: s.v, t } }
    }
    case 'adam': {
      const m = s.m.map((mi, i) => h.beta1 * mi + (1 - h.beta1) * g[i])
      const v = s.v.map((vi, i) => h.beta2 * vi + (1 - h.beta2) * g[i] * g[i])
      // bias correction: both moments start at zero and would be too small in the first steps
      const c1 = 1 - h.beta1 ** t
      const c2 = 1 - h.beta2 ** t
      const x2 = x.map((xi, i) => xi - (h.lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + h.eps))
      return { x: x2, state: { m, v, t } }
    }
  }
}

/** `steps` updates from x0 on a function given with its gradient; the start is included. */
export function optimize(
  h: OptimizerHyper,
  f: (x: Vec) => number,
  grad: (x: Vec) => Vec,
  x0: Vec,
  steps: number,
): { x: Vec; f: number }[] {
  let x = x0
  let state = initState(x0.length)
  const path = [{ x, f: f(x) }]
  for (let k = 0; k < steps; k++) {
    ;({ x, state } = step(h, x, grad(x), state))
    const fx = f(x)
    path.push({ x, f: fx })
    if (!Number.isFinite(fx)) break
  }
  return path
}

/** The lesson's non-convex curve, f(w) = w²·sin(w): several valleys, and saddles where f' = 0. */
export const wavy = (w: number): number => w * w * Math.sin(w)
export const wavyGrad = (w: number): number => 2 * w * Math.sin(w) + w * w * Math.cos(w)
