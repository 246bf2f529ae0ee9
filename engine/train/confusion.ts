/**
 * Confusion matrix of a classification run, counted on the host from the predicted and true class
 * ids of the validation batches. It is filled only at epoch end (during evaluation), so training
 * batches keep their single download.
 */
import type * as tfTypes from '@tensorflow/tfjs'
import type { Dataset } from '../data/types'
import type { Tf } from '../layers/types'
import type { Confusion } from '../protocol'
import type { Head } from './losses'

/** Above this the matrix is too large to stream every epoch or to draw. */
export const MAX_CONFUSION_CLASSES = 100

/**
 * Number of classes to count for this dataset and output width, or 0 when the run does not
 * classify: classification (one output unit means a thresholded binary choice) and multi-class
 * masks (per pixel). Language models are left out: their "classes" are a whole vocabulary.
 */
export function confusionClasses(ds: Dataset, outUnits: number): number {
  // per-token sequence targets are mostly padding; their token accuracy is the useful figure (a
  // mask's void pixels, by contrast, are few, and the counter skips their id)
  if (ds.ignoreTarget !== undefined && ds.task !== 'segmentation') return 0
  // one yes/no target per output unit (skip-gram's candidates) is not a choice among classes
  const perUnit =
    ds.task === 'classification' &&
    ds.numClasses === undefined &&
    ds.targetShape.length > 0 &&
    ds.targetShape.at(-1) === outUnits
  if (perUnit) return 0
  const classify = ds.task === 'classification' || (ds.task === 'segmentation' && (ds.numClasses ?? 1) > 1)
  if (!classify) return 0
  const k = outUnits === 1 ? 2 : (ds.numClasses ?? outUnits)
  return k >= 2 && k <= MAX_CONFUSION_CLASSES ? k : 0
}

export class ConfusionCounter {
  private readonly counts: Float64Array

  constructor(readonly classes: number) {
    this.counts = new Float64Array(classes * classes)
  }

  /** Pairs with an id outside 0…classes−1 are skipped rather than counted in a wrong cell. */
  add(truth: ArrayLike<number>, predicted: ArrayLike<number>): void {
    const k = this.classes
    const n = Math.min(truth.length, predicted.length)
    for (let i = 0; i < n; i++) {
      const t = truth[i]
      const p = predicted[i]
      if (t >= 0 && t < k && p >= 0 && p < k) this.counts[t * k + p]++
    }
  }

  /** Rows are true classes, columns predictions; a class absent from the data has accuracy null. */
  result(classNames?: string[]): Confusion {
    const k = this.classes
    const matrix = Array.from({ length: k }, (_, t) => Array.from(this.counts.subarray(t * k, (t + 1) * k)))
    const perClassAccuracy = matrix.map((row, t) => {
      const total = row.reduce((a, b) => a + b, 0)
      return total ? row[t] / total : null
    })
    return { matrix, perClassAccuracy, ...(classNames?.length === k ? { classNames } : {}) }
  }
}

/** Predicted class ids: argmax over the last axis, or a threshold for a single output unit. */
export function predictedClasses(tf: Tf, p: tfTypes.Tensor, head: Head): tfTypes.Tensor {
  if (p.shape.at(-1) !== 1) return tf.argMax(p, -1)
  return tf.greater(p, head === 'logits' ? 0 : 0.5).toInt()
}
