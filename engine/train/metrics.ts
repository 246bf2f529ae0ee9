/**
 * Metrics computed on device per batch (one scalar each, read together with the loss) so a
 * batch costs a single download from the backend.
 */
import type * as tfTypes from '@tensorflow/tfjs'
import type { Task } from '../data/types'
import type { TrainingConfig } from '../graph/schema'
import type { Tf } from '../layers/types'
import { boxMae, classError } from './detect/loss'
import { maskedMean, type Head } from './losses'
import { mlmAccuracy, nspAccuracy } from './mlm-nsp'

type T = tfTypes.Tensor
export type MetricName = TrainingConfig['metrics'][number]
export type MetricFn = (yTrue: T, yPred: T, loss: T) => T

/**
 * The metrics a learner expects for each task, plus any the graph asks for. BERT pretraining's
 * output is two heads in one tensor, scored by their own accuracies only.
 */
export function metricsFor(task: Task, requested: MetricName[], loss?: TrainingConfig['loss']): MetricName[] {
  if (loss === 'mlm-nsp') return ['mlm-accuracy', 'nsp-accuracy']
  // the two BERT accuracies read that loss's two-head layout and mean nothing elsewhere
  requested = requested.filter((m) => m !== 'mlm-accuracy' && m !== 'nsp-accuracy')
  const base: Record<Task, MetricName[]> = {
    classification: ['accuracy'],
    regression: ['mae', 'rmse'],
    segmentation: ['iou', 'dice'],
    'language-model': ['perplexity', 'accuracy'],
    detection: ['class-error', 'box-mae'],
  }
  return [...new Set([...base[task], ...requested])]
}

function binaryMask(tf: Tf, p: T, head: Head): T {
  return head === 'logits' ? tf.greater(p, 0) : tf.greater(p, 0.5)
}

/** `ignore`: a padding target id that accuracy does not score. */
export function makeMetric(tf: Tf, name: MetricName, head: Head, ignore?: number): MetricFn {
  switch (name) {
    case 'accuracy':
      return (y, p) => {
        // a target per output unit (one unit, or skip-gram's labelled candidates): each unit is a
        // yes/no by threshold; otherwise argmax over classes
        const pred = p.size === y.size ? binaryMask(tf, p, head).toInt().reshape(y.shape) : tf.argMax(p, -1)
        return maskedMean(tf, tf.equal(pred.toInt(), y.toInt().reshape(pred.shape)).toFloat(), y, ignore)
      }
    case 'mae':
      return (y, p) => tf.mean(tf.abs(tf.sub(y.reshape(p.shape), p)))
    case 'rmse':
      return (y, p) => tf.sqrt(tf.mean(tf.square(tf.sub(y.reshape(p.shape), p))))
    case 'log-rmse':
      // the course's house-price measure: predictions below 1 are raised to 1 before the log,
      // so a relative error counts the same for cheap and dear houses
      return (y, p) =>
        tf.sqrt(tf.mean(tf.square(tf.sub(tf.log(tf.maximum(p, 1)), tf.log(y.reshape(p.shape))))))
    case 'perplexity':
      return (_y, _p, loss) => tf.exp(loss)
    case 'class-error':
      return classError(tf)
    case 'box-mae':
      return boxMae(tf)
    case 'mlm-accuracy':
      return mlmAccuracy(tf)
    case 'nsp-accuracy':
      return nspAccuracy(tf)
    case 'iou':
    case 'dice':
      return (y, p) => {
        const m = binaryMask(tf, p, head).toFloat()
        const t = y.reshape(m.shape).toFloat()
        const inter = tf.sum(tf.mul(m, t))
        const sum = tf.add(tf.sum(m), tf.sum(t))
        return name === 'iou'
          ? tf.div(tf.add(inter, 1e-6), tf.add(tf.sub(sum, inter), 1e-6))
          : tf.div(tf.add(tf.mul(2, inter), 1e-6), tf.add(sum, 1e-6))
      }
  }
}

/**
 * Mean IoU of multi-class masks from the validation confusion matrix: per class
 * TP / (TP + FP + FN), averaged over the classes that occur in the truth or the prediction.
 */
export function meanIoU(matrix: number[][]): number | null {
  const ious: number[] = []
  matrix.forEach((row, c) => {
    const tp = row[c]
    const union = row.reduce((a, b) => a + b, 0) + matrix.reduce((a, r) => a + r[c], 0) - tp
    if (union > 0) ious.push(tp / union)
  })
  return ious.length ? ious.reduce((a, b) => a + b, 0) / ious.length : null
}
