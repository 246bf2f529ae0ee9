/**
 * Per-epoch histograms of every trainable weight and of its gradient, so a learner can watch
 * weights spread out and see gradients vanish or explode layer by layer (the numerical-stability
 * chapter of the course).
 *
 * The gradients are those of the loss on a fixed probe batch (the first samples of the training
 * split) at the epoch's final weights, computed in inference mode. Why not the last training
 * batch's gradients: those belong to a different, shuffled batch every epoch and to the weights
 * before the last update; a fixed probe makes epochs comparable. Why inference mode: a training
 * forward pass would move BatchNorm's running statistics and draw dropout masks, so merely
 * looking would change the run (and a resumed run would no longer match an uninterrupted one).
 */
import type * as tfTypes from '@tensorflow/tfjs'
import { uniqueNames } from '../compile/compile'
import type { Analysis } from '../graph/analyze'
import type { Tf } from '../layers/types'
import type { Histogram, TrainEvent, WeightHistograms } from '../protocol'
import type { LossFn } from './losses'

export const HISTOGRAM_BINS = 30
/** Samples in the probe batch: enough for a stable gradient, small next to an epoch. */
export const PROBE_SAMPLES = 64

/** One pass over the values: range, moments, L2 norm and equal-width bin counts. */
export function histogram(values: ArrayLike<number>, bins = HISTOGRAM_BINS): Histogram {
  const n = values.length
  if (!n) return { min: 0, max: 0, counts: new Array<number>(bins).fill(0), mean: 0, std: 0, norm: 0 }
  let min = Infinity
  let max = -Infinity
  let sum = 0
  let sq = 0
  for (let i = 0; i < n; i++) {
    const v = values[i]
    if (v < min) min = v
    if (v > max) max = v
    sum += v
    sq += v * v
  }
  const mean = sum / n
  const counts = new Array<number>(bins).fill(0)
  const width = (max - min) / bins
  for (let i = 0; i < n; i++) {
    // a constant tensor (zero-initialised biases) lands in the first bin
    const b = width > 0 ? Math.floor((values[i] - min) / width) : 0
    counts[b >= bins ? bins - 1 : b]++
  }
  return {
    min,
    max,
    counts,
    mean,
    std: Math.sqrt(Math.max(0, sq / n - mean * mean)),
    norm: Math.sqrt(sq),
  }
}

/** Graph node and weight label of a tfjs weight: 'n_conv1/kernel' → conv1, kernel. */
function weightOwner(originalName: string, prefixes: [string, string][]): { node: string; param: string } {
  let best: [string, string] | null = null
  for (const p of prefixes)
    if (
      originalName.startsWith(p[1]) &&
      (originalName[p[1].length] === '/' || originalName[p[1].length] === '_') &&
      (!best || p[1].length > best[1].length)
    )
      best = p
  if (!best) return { node: originalName, param: '' }
  return { node: best[0], param: originalName.slice(best[1].length + 1) }
}

export interface HistogramInput {
  tf: Tf
  model: tfTypes.LayersModel
  analysis: Analysis
  loss: LossFn
  /** Builds the probe batch; the tensors are disposed here. */
  probe(): { x: tfTypes.Tensor; y: tfTypes.Tensor; more?: tfTypes.Tensor[] }
  /** 1-based. */
  epoch: number
}

export async function weightHistograms(
  h: HistogramInput,
): Promise<Extract<TrainEvent, { type: 'histograms' }>> {
  const { tf, model } = h
  const prefixes = [...uniqueNames(h.analysis.order.map((n) => n.id))]
  const weights = model.trainableWeights
  const vars = weights.map((w) => w.read() as tfTypes.Variable)
  const { x, y, more } = h.probe()
  const input = more ? [x, ...more] : x
  const { value, grads } = tf.variableGrads(
    () => h.loss(y, model.apply(input, { training: false }) as tfTypes.Tensor).mean() as tfTypes.Scalar,
    vars,
  )
  const layers: WeightHistograms[] = []
  for (const [i, w] of weights.entries()) {
    const g = grads[vars[i].name]
    layers.push({
      ...weightOwner(w.originalName, prefixes),
      shape: w.shape.map(Number),
      weights: histogram(await vars[i].data()),
      // a weight the loss does not reach has no gradient: it is zero, not missing
      grads: g ? histogram(await g.data()) : histogram(new Float32Array(vars[i].size)),
    })
  }
  tf.dispose([x, y, ...(more ?? []), value, ...Object.values(grads)])
  return { type: 'histograms', epoch: h.epoch, layers }
}
