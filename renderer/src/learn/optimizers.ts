/**
 * Update rules of the optimizers the lessons compare, on a parameter vector, with the engine's
 * constants (engine/train/optimizer.ts; a test steps both side by side). Each step takes
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
export interface RmspropHyper {
  kind: 'rmsprop'
  lr: number
  /** Decay of the running mean of g² (PyTorch's alpha, 0.99). */
  alpha: number
  eps: number
}
export interface AdagradHyper {
  kind: 'adagrad'
  lr: number
  eps: number
}
export interface AdadeltaHyper {
  kind: 'adadelta'
  lr: number
  rho: number
  eps: number
}
export type OptimizerHyper =
  SgdHyper | MomentumHyper | AdamHyper | RmspropHyper | AdagradHyper | AdadeltaHyper

export interface OptimizerState {
  /** Velocity (momentum), first moment (Adam) or running mean of squared updates (Adadelta). */
  m: Vec
  /** Second moment (Adam, RMSProp, Adadelta) or sum of squared gradients (Adagrad). */
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
    case 'rmsprop': {
      const v = s.v.map((vi, i) => h.alpha * vi + (1 - h.alpha) * g[i] * g[i])
      // tfjs (the engine's RMSProp) adds ε under the root; PyTorch adds it after, a negligible difference
      return { x: x.map((xi, i) => xi - (h.lr * g[i]) / Math.sqrt(v[i] + h.eps)), state: { ...s, v, t } }
    }
    case 'adagrad': {
      // the sum only grows, so every coordinate's step shrinks for good
      const v = s.v.map((vi, i) => vi + g[i] * g[i])
      return { x: x.map((xi, i) => xi - (h.lr * g[i]) / Math.sqrt(v[i] + h.eps)), state: { ...s, v, t } }
    }
    case 'adadelta': {
      // no learning rate of its own: the step is scaled by the recent size of earlier steps
      const v = s.v.map((vi, i) => h.rho * vi + (1 - h.rho) * g[i] * g[i])
      const upd = g.map((gi, i) => (Math.sqrt(s.m[i] + h.eps) / Math.sqrt(v[i] + h.eps)) * gi)
      const m = s.m.map((mi, i) => h.rho * mi + (1 - h.rho) * upd[i] * upd[i])
      return { x: x.map((xi, i) => xi - h.lr * upd[i]), state: { m, v, t } }
    }
  }
}

/** The engine's constants for each optimizer at learning rate `lr` (see makeStepper). */
export function engineHyper(kind: OptimizerHyper['kind'], lr: number): OptimizerHyper {
  switch (kind) {
    case 'sgd':
      return { kind, lr }
    case 'momentum':
      return { kind, lr, beta: 0.9 }
    case 'adam':
      return { kind, lr, beta1: 0.9, beta2: 0.999, eps: 1e-8 }
    case 'rmsprop':
      return { kind, lr, alpha: 0.99, eps: 1e-8 }
    case 'adagrad':
      // tfjs adds its backend's epsilon under the root (1e-7 in float32)
      return { kind, lr, eps: 1e-7 }
    case 'adadelta':
      return { kind, lr, rho: 0.9, eps: 1e-6 }
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
