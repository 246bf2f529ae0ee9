/**
 * Two related image tasks for fine-tuning without downloads: the same low-level features
 * (oriented edges at some spatial frequency, on random colours) serve both, the way ImageNet's
 * features serve a small photo folder. 'gratings' is the large pretraining task: which of 8
 * directions the stripes run in. 'plaids' is the small target task: which pair of directions
 * two overlaid gratings run in — classes the pretraining never saw, and few samples of them.
 */
import { checkGenerated } from '../budget/data'
import { shuffleAndLimit } from './batches'
import { rng, subSeed, type Rng } from './random'
import type { Dataset, DatasetOptions } from './types'

const DIRECTIONS = 8
/** Plaids: pairs of the 8 directions (in steps of 22.5°) that cross at different angles. */
const PAIRS: [number, number][] = [
  [0, 4],
  [2, 6],
  [0, 2],
  [4, 6],
]

const deg = (d: number) => `${(d * 180) / DIRECTIONS}°`

/** One image: the sum of sinusoidal gratings along `dirs`, between two random colours, with noise. */
function draw(img: Uint8Array, h: number, w: number, dirs: number[], noise: number, rand: Rng) {
  const bg = [rand.int(256), rand.int(256), rand.int(256)]
  // the foreground differs from the background by at least 96 in some channel: stripes stay visible
  let fg: number[]
  do fg = [rand.int(256), rand.int(256), rand.int(256)]
  while (Math.max(...fg.map((v, c) => Math.abs(v - bg[c]))) < 96)
  const waves = dirs.map((d) => {
    const a = (d * Math.PI) / DIRECTIONS + rand.uniform(-0.08, 0.08)
    const period = rand.uniform(3, 6)
    return {
      cx: Math.cos(a),
      cy: Math.sin(a),
      k: (2 * Math.PI) / period,
      phase: rand.uniform(0, 2 * Math.PI),
    }
  })
  for (let r = 0; r < h; r++)
    for (let q = 0; q < w; q++) {
      let s = 0
      for (const v of waves) s += 0.5 + 0.5 * Math.sin(v.k * (q * v.cx + r * v.cy) + v.phase)
      const t = s / waves.length
      const p = (r * w + q) * 3
      for (let c = 0; c < 3; c++) {
        const v = bg[c] + (fg[c] - bg[c]) * t + rand.normal(0, noise)
        img[p + c] = v < 0 ? 0 : v > 255 ? 255 : Math.round(v)
      }
    }
}

function gratingSet(
  name: 'gratings' | 'plaids',
  classes: number[][],
  classNames: string[],
  defaultSamples: number,
  opts: DatasetOptions,
): Dataset {
  const n = opts.samples ?? defaultSamples
  const [h, w] = [opts.size?.[0] ?? 16, opts.size?.[1] ?? opts.size?.[0] ?? 16]
  const noise = opts.noise ?? 10
  checkGenerated(name, opts, n, h * w * 3 + 1, `${h}×${w} RGB pixels`)
  const rand = rng(subSeed(opts.seed ?? 0, name))
  const x = new Uint8Array(n * h * w * 3)
  const y = new Uint8Array(n)
  for (let s = 0; s < n; s++) {
    // balanced classes: a small set must not miss one by chance
    const k = s % classes.length
    y[s] = k
    draw(x.subarray(s * h * w * 3, (s + 1) * h * w * 3), h, w, classes[k], noise, rand)
  }
  return shuffleAndLimit(
    {
      name,
      task: 'classification',
      inputShape: [h, w, 3],
      inputDtype: 'float32',
      targetShape: [],
      numClasses: classes.length,
      classNames,
      size: n,
      x,
      xScale: 1 / 255,
      y,
      meta: { noise },
    },
    opts,
  )
}

/** Stripes in one of 8 directions, 2,000 samples at 16×16: the pretraining task. */
export const gratings = (opts: DatasetOptions = {}): Dataset =>
  gratingSet(
    'gratings',
    Array.from({ length: DIRECTIONS }, (_, d) => [d]),
    Array.from({ length: DIRECTIONS }, (_, d) => deg(d)),
    2000,
    opts,
  )

/** Two overlaid gratings, 4 direction pairs, 200 samples: the small fine-tuning task. */
export const plaids = (opts: DatasetOptions = {}): Dataset =>
  gratingSet(
    'plaids',
    PAIRS,
    PAIRS.map(([a, b]) => `${deg(a)}+${deg(b)}`),
    200,
    opts,
  )
