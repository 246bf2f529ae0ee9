import { checkGenerated } from '../budget/data'
import { shuffleAndLimit, limitOf } from './batches'
import { rng, subSeed, type Rng } from './random'
import type { Dataset, DatasetOptions } from './types'

/** y = Xw + b + ε with the course's w = [2, -3.4], b = 4.2, ε ~ N(0, 0.01²) (D2L 3.2). */
export function linear(opts: DatasetOptions = {}): Dataset {
  const n = opts.samples ?? 1000
  const noise = opts.noise ?? 0.01
  const w = [2, -3.4]
  const b = 4.2
  checkGenerated('linear', opts, n, 12, '2 features and a target (12 bytes)')
  const rand = rng(subSeed(opts.seed ?? 0, 'linear'))
  const x = new Float32Array(n * 2)
  const y = new Float32Array(n)
  for (let i = 0; i < n; i++) {
    const a = rand.normal()
    const c = rand.normal()
    x[2 * i] = a
    x[2 * i + 1] = c
    y[i] = w[0] * a + w[1] * c + b + rand.normal(0, noise)
  }
  return shuffleAndLimit(
    {
      name: 'linear',
      task: 'regression',
      inputShape: [2],
      inputDtype: 'float32',
      targetShape: [1],
      size: n,
      x,
      xScale: 1,
      y,
      meta: { featureNames: ['x1', 'x2'], targetName: 'y', w, b, noise },
    },
    opts,
  )
}

/** i = index within the class, k = number of classes. */
type PointFn = (i: number, label: number, rand: Rng, k: number) => [number, number]

/** Shared body of the 2-D classification sets: balanced labels (i mod K), then a seeded shuffle. */
function points2d(name: string, opts: DatasetOptions, defaults: { n: number; k: number }, at: PointFn) {
  const n = opts.samples ?? defaults.n
  const k = Math.max(2, opts.classes ?? defaults.k)
  checkGenerated(name, opts, n, 12, '2 features and a label (12 bytes)')
  const rand = rng(subSeed(opts.seed ?? 0, name))
  const x = new Float32Array(n * 2)
  const y = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    const label = i % k
    const [a, b] = at(Math.floor(i / k), label, rand, k)
    x[2 * i] = a
    x[2 * i + 1] = b
    y[i] = label
  }
  const ds: Dataset = {
    name,
    task: 'classification',
    inputShape: [2],
    inputDtype: 'float32',
    targetShape: [],
    numClasses: k,
    classNames: Array.from({ length: k }, (_, c) => `class ${c}`),
    size: n,
    x,
    xScale: 1,
    y,
    meta: { featureNames: ['x1', 'x2'] },
  }
  return { ds }
}

/** The four corners of the unit square, repeated with Gaussian jitter; label = x1 XOR x2. */
export function xor(opts: DatasetOptions = {}): Dataset {
  const noise = opts.noise ?? 0.1
  const { ds } = points2d('xor', { ...opts, classes: 2 }, { n: 200, k: 2 }, (i, label, rand) => {
    // Corners with an equal label: 0 → (0,0)/(1,1), 1 → (0,1)/(1,0), alternating.
    const a = i % 2
    const b = label ? 1 - a : a
    return [a + rand.normal(0, noise), b + rand.normal(0, noise)]
  })
  return shuffleAndLimit({ ...ds, classNames: ['false', 'true'], meta: { ...ds.meta, noise } }, opts)
}

/** Two interleaving half circles (as in scikit-learn's make_moons). */
export function moons(opts: DatasetOptions = {}): Dataset {
  const noise = opts.noise ?? 0.1
  const { ds } = points2d('moons', { ...opts, classes: 2 }, { n: 400, k: 2 }, (_i, label, rand) => {
    const t = rand() * Math.PI
    const a = label ? 1 - Math.cos(t) : Math.cos(t)
    const b = label ? 0.5 - Math.sin(t) : Math.sin(t)
    return [a + rand.normal(0, noise), b + rand.normal(0, noise)]
  })
  return shuffleAndLimit({ ...ds, meta: { ...ds.meta, noise } }, opts)
}

/** Concentric rings, class c on radius (c + 1) / K: no straight line separates them. */
export function circles(opts: DatasetOptions = {}): Dataset {
  const noise = opts.noise ?? 0.05
  const { ds } = points2d('circles', opts, { n: 400, k: 2 }, (_i, label, rand, k) => {
    const t = rand() * 2 * Math.PI
    const r = (label + 1) / k
    return [r * Math.cos(t) + rand.normal(0, noise), r * Math.sin(t) + rand.normal(0, noise)]
  })
  return shuffleAndLimit({ ...ds, meta: { ...ds.meta, noise } }, opts)
}

/** K interleaved spiral arms (the CS231n toy set); noise perturbs the angle. */
export function spirals(opts: DatasetOptions = {}): Dataset {
  const noise = opts.noise ?? 0.2
  const n = opts.samples ?? 600
  const k = Math.max(2, opts.classes ?? 3)
  const perClass = Math.ceil(n / k)
  const { ds } = points2d('spirals', { ...opts, classes: k }, { n, k }, (i, label, rand) => {
    const r = perClass > 1 ? i / (perClass - 1) : 0
    const t = ((label + r) * 4 * 3) / k + rand.normal(0, noise)
    return [r * Math.sin(t), r * Math.cos(t)]
  })
  return shuffleAndLimit({ ...ds, meta: { ...ds.meta, noise } }, opts)
}

/**
 * The course's noisy sine (D2L 9.1): x_t = sin(0.01 t) + N(0, 0.2²), t = 1..T (T = samples,
 * default 1000). Sample i is the window x_i..x_{i+τ-1} → x_{i+τ}, τ = size[0] (default 4).
 * Inputs are [τ, 1] — a sequence of τ one-feature steps — so an RNN reads it as is and an MLP
 * after a Flatten. Samples stay in time order (no shuffle) so plots and the course's
 * "first 600 train" split make sense; limit keeps the first N windows.
 */
export function sine(opts: DatasetOptions = {}): Dataset {
  const total = opts.samples ?? 1000
  const tau = opts.size?.[0] ?? 4
  const noise = opts.noise ?? 0.2
  if (total <= tau) throw new Error(`sine: need more than τ = ${tau} time steps, got ${total}`)
  // the series, then a window of τ values and its target per step
  checkGenerated('sine', opts, total, (tau + 2) * 4, `${tau + 2} values (${(tau + 2) * 4} bytes)`)
  const rand = rng(subSeed(opts.seed ?? 0, 'sine'))
  const series = new Float32Array(total)
  for (let t = 1; t <= total; t++) series[t - 1] = Math.sin(0.01 * t) + rand.normal(0, noise)
  const n = limitOf(total - tau, opts)
  const x = new Float32Array(n * tau)
  const y = new Float32Array(n)
  for (let i = 0; i < n; i++) {
    x.set(series.subarray(i, i + tau), i * tau)
    y[i] = series[i + tau]
  }
  return {
    name: 'sine',
    task: 'regression',
    inputShape: [tau, 1],
    inputDtype: 'float32',
    targetShape: [1],
    size: n,
    x,
    xScale: 1,
    y,
    meta: { tau, steps: total, noise, ordered: true, targetName: 'x[t+1]' },
  }
}
