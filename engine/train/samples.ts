/**
 * Sample predictions at epoch end: a few fixed validation samples (the same ones every epoch, so
 * epochs can be compared) with what the model makes of them — the predicted class and its
 * probability, or the predicted mask. Kept small: they cross IPC/WebSocket with every epoch.
 */
import type * as tfTypes from '@tensorflow/tfjs'
import { sampleSize } from '../data/batches'
import { downsampleToImage } from '../data/pixels'
import type { Dataset } from '../data/types'
import type { Tf } from '../layers/types'
import type { PixelImage, SamplePrediction } from '../protocol'
import { predictedClasses } from './confusion'
import { detectionSamples } from './detect/samples'
import type { Head } from './losses'

export const SAMPLE_COUNT = 8

/** The first validation samples of the seeded split, or the first training ones without one. */
export function sampleIndices(val: Int32Array, train: Int32Array, count = SAMPLE_COUNT): Int32Array {
  return (val.length ? val : train).slice(0, count)
}

/** Whether a sample of this shape can be drawn: [H, W] or [H, W, C] with 1 or 3 channels. */
function imageLayout(shape: number[]): { h: number; w: number; c: 1 | 3 } | null {
  const [h, w, c = 1] = shape
  if (shape.length < 2 || shape.length > 3 || (c !== 1 && c !== 3)) return null
  return { h, w, c }
}

/** Dataset sample `i` as a preview: bytes as they are, other values stretched to 0..255. */
export function inputPreview(ds: Dataset, i: number): PixelImage | undefined {
  const layout = imageLayout(ds.inputShape)
  if (!layout || ds.inputDtype !== 'float32') return undefined
  const per = sampleSize(ds.inputShape)
  const x = ds.x.subarray(i * per, (i + 1) * per)
  if (x instanceof Uint8Array) return downsampleToImage(x, layout.h, layout.w, layout.c, (v) => v)
  let lo = Infinity
  let hi = -Infinity
  for (const v of x) {
    lo = Math.min(lo, v)
    hi = Math.max(hi, v)
  }
  const span = hi - lo || 1
  return downsampleToImage(x, layout.h, layout.w, layout.c, (v) => Math.round(((v - lo) / span) * 255))
}

export interface SampleInput {
  tf: Tf
  model: tfTypes.LayersModel
  dataset: Dataset
  head: Head
  indices: Int32Array
  /** The model-ready batch of these samples (resized like validation batches, no augmentation). */
  batch(indices: Int32Array): { x: tfTypes.Tensor; y: tfTypes.Tensor; more?: tfTypes.Tensor[] }
}

/**
 * Predictions for classification and segmentation runs; undefined for other tasks (a regression
 * value or a next token has no picture worth streaming every epoch).
 */
export async function predictSamples(s: SampleInput): Promise<SamplePrediction[] | undefined> {
  const { tf, dataset: ds, head, indices } = s
  if (indices.length && ds.task === 'detection') return detectionSamples(s)
  if (!indices.length || (ds.task !== 'classification' && ds.task !== 'segmentation')) return undefined
  // a label per token (sequence tasks) is not one prediction per sample: nothing to show here
  if (ds.task === 'classification' && ds.targetShape.length > 0) return undefined
  const { x, y, more } = s.batch(indices)
  try {
    const p = s.model.apply(more ? [x, ...more] : x, { training: false }) as tfTypes.Tensor
    const units = p.shape.at(-1)!
    const truth = await y.data()
    if (ds.task === 'classification') {
      const [pred, prob] = tf.tidy(() => {
        // one unit: a thresholded binary choice whose probability is that of the chosen side
        if (units === 1) {
          const q = (head === 'logits' ? tf.sigmoid(p) : p).reshape([-1])
          const pick = tf.greater(q, 0.5)
          return [pick.toInt(), tf.where(pick, q, tf.sub(1, q))]
        }
        const q = head === 'logits' ? tf.softmax(p) : p
        return [tf.argMax(q, -1), tf.max(q, -1)]
      })
      const [ids, probs] = [await pred.data(), await prob.data()]
      tf.dispose([p, pred, prob])
      return Array.from(indices, (index, b) => {
        const input = inputPreview(ds, index)
        return {
          kind: 'classification' as const,
          index,
          ...(input ? { input } : {}),
          label: truth[b],
          predicted: ids[b],
          probability: Math.min(1, Math.max(0, probs[b])),
        }
      })
    }
    const inputs = Array.from(indices, (i) => inputPreview(ds, i))
    const [, h, w] = p.shape
    if (inputs.some((i) => !i) || h === undefined || w === undefined) {
      tf.dispose(p)
      return undefined
    }
    const masks = tf.tidy(() => predictedClasses(tf, p, head).reshape([-1]))
    const predicted = await masks.data()
    tf.dispose([p, masks])
    const classes = Math.max(2, ds.numClasses ?? 1)
    const per = h * w
    // void pixels of palette masks (ignoreTarget) stay 255, drawn apart from every class
    const asId = (v: number) =>
      v === ds.ignoreTarget ? 255 : Math.min(classes - 1, Math.max(0, Math.round(v)))
    return Array.from(indices, (index, b) => ({
      kind: 'segmentation' as const,
      index,
      input: inputs[b]!,
      truth: downsampleToImage(truth.subarray(b * per, (b + 1) * per), h, w, 1, asId),
      predicted: downsampleToImage(predicted.subarray(b * per, (b + 1) * per), h, w, 1, asId),
      classes,
    }))
  } finally {
    tf.dispose([x, y, ...(more ?? [])])
  }
}
