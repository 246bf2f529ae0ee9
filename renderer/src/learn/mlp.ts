/**
 * A one-hidden-layer network, 1 → H (tanh) → 1, small enough to train in the page, for the dropout
 * lesson. Parameters are one flat vector [W1 (H), b1 (H), W2 (H), b2] so the shared optimizers apply.
 */
import { rng, type Rng } from '../../../engine/data/random'
import type { XY } from './linreg'
import { initState, step, type AdamHyper, type Vec } from './optimizers'

export function initMlp(hidden: number, seed: number): Vec {
  const r = rng(seed)
  const w1 = Array.from({ length: hidden }, () => r.normal(0, 2))
  const b1 = Array.from({ length: hidden }, () => r.uniform(-2, 2))
  const w2 = Array.from({ length: hidden }, () => r.normal(0, 1 / Math.sqrt(hidden)))
  return [...w1, ...b1, ...w2, 0]
}

const hiddenOf = (p: Vec) => (p.length - 1) / 3

/** Network output; `keep` is a dropout mask already scaled by 1/(1−p), or none at evaluation. */
export function predict(p: Vec, x: number, keep?: number[]): number {
  const h = hiddenOf(p)
  let y = p[3 * h]
  for (let j = 0; j < h; j++) y += p[2 * h + j] * Math.tanh(p[j] * x + p[h + j]) * (keep ? keep[j] : 1)
  return y
}

/** Half the mean squared error and its gradient; masks[i] is sample i's dropout mask. */
export function lossAndGrad(p: Vec, d: XY, masks?: number[][]): { loss: number; grad: Vec } {
  const h = hiddenOf(p)
  const n = d.x.length
  const g = new Array<number>(p.length).fill(0)
  let loss = 0
  for (let i = 0; i < n; i++) {
    const x = d.x[i]
    const keep = masks?.[i]
    const a = Array.from({ length: h }, (_, j) => Math.tanh(p[j] * x + p[h + j]))
    let y = p[3 * h]
    for (let j = 0; j < h; j++) y += p[2 * h + j] * a[j] * (keep ? keep[j] : 1)
    const r = y - d.y[i]
    loss += (r * r) / (2 * n)
    const dy = r / n
    g[3 * h] += dy
    for (let j = 0; j < h; j++) {
      const k = keep ? keep[j] : 1
      g[2 * h + j] += dy * a[j] * k
      const dz = dy * p[2 * h + j] * k * (1 - a[j] * a[j])
      g[j] += dz * x
      g[h + j] += dz
    }
  }
  return { loss, grad: g }
}

/** Inverted dropout masks: each unit survives with probability 1 − rate and is then scaled up. */
export function dropoutMasks(r: Rng, samples: number, hidden: number, rate: number): number[][] {
  return Array.from({ length: samples }, () =>
    Array.from({ length: hidden }, () => (r() < rate ? 0 : 1 / (1 - rate))),
  )
}

export interface MlpRun {
  params: Vec
  /** Every `every` steps: full-data mean squared error (no dropout) on both sets. */
  history: { step: number; train: number; val: number }[]
}

export function trainMlp(
  train: XY,
  val: XY,
  o: { hidden: number; rate: number; steps: number; lr: number; seed: number; every: number },
): MlpRun {
  if (o.rate < 0 || o.rate >= 1) throw new Error(`dropout rate ${o.rate} must be in [0, 1)`)
  const r = rng(o.seed + 1)
  const adam: AdamHyper = { kind: 'adam', lr: o.lr, beta1: 0.9, beta2: 0.999, eps: 1e-8 }
  let p = initMlp(o.hidden, o.seed)
  let state = initState(p.length)
  const mse = (d: XY) => d.x.reduce((s, x, i) => s + (predict(p, x) - d.y[i]) ** 2, 0) / d.x.length
  const history = [{ step: 0, train: mse(train), val: mse(val) }]
  for (let s = 1; s <= o.steps; s++) {
    const masks = o.rate > 0 ? dropoutMasks(r, train.x.length, o.hidden, o.rate) : undefined
    ;({ x: p, state } = step(adam, p, lossAndGrad(p, train, masks).grad, state))
    if (s % o.every === 0) history.push({ step: s, train: mse(train), val: mse(val) })
  }
  return { params: p, history }
}
