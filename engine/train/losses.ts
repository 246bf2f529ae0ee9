/**
 * Losses. Classification heads may end in logits (PyTorch's habit: CrossEntropyLoss applies
 * the softmax) or in probabilities (a Softmax/Sigmoid output layer, Keras' habit); the head
 * kind is detected from the graph so both train correctly without the user choosing.
 */
import type * as tfTypes from '@tensorflow/tfjs'
import type { TrainingConfig } from '../graph/schema'
import type { Tf } from '../layers/types'
import { multiboxLoss } from './detect/loss'
import { mlmNspLoss } from './mlm-nsp'

type T = tfTypes.Tensor
export type Head = 'logits' | 'probabilities'
export type LossFn = (yTrue: T, yPred: T) => T

const EPS = 1e-7

/** Class ids [B, ...] → one-hot [B, ..., C]. */
function oneHot(tf: Tf, y: T, classes: number): T {
  return tf.oneHot(y.toInt().flatten(), classes).reshape([...y.shape, classes])
}

/** Mean of per-position values over the positions whose target is not `ignore` (padding). */
export function maskedMean(tf: Tf, values: T, y: T, ignore?: number): T {
  if (ignore === undefined) return tf.mean(values)
  const keep = tf.notEqual(y.toInt().reshape([-1]), ignore).toFloat()
  return tf.div(tf.sum(tf.mul(values.reshape([-1]), keep)), tf.maximum(tf.sum(keep), 1))
}

/** `ignore`: a target class id (padding) that cross-entropy leaves out of its mean. */
export function makeLoss(
  tf: Tf,
  kind: TrainingConfig['loss'],
  head: Head,
  numClasses?: number,
  ignore?: number,
): LossFn {
  switch (kind) {
    case 'mse':
      return (y, p) => tf.losses.meanSquaredError(y.reshape(p.shape), p)
    case 'mae':
      return (y, p) => tf.losses.absoluteDifference(y.reshape(p.shape), p)
    case 'huber':
      return (y, p) => tf.losses.huberLoss(y.reshape(p.shape), p, undefined, 1)
    case 'cross-entropy':
      return (y, p) => {
        const classes = p.shape.at(-1)!
        const target = oneHot(tf, y, numClasses ?? classes)
        if (head === 'logits' && ignore === undefined)
          return tf.losses.softmaxCrossEntropy(target.reshape([-1, classes]), p.reshape([-1, classes]))
        const nll =
          head === 'logits'
            ? tf.losses.softmaxCrossEntropy(
                target.reshape([-1, classes]),
                p.reshape([-1, classes]),
                undefined,
                0,
                tf.Reduction.NONE,
              )
            : tf.neg(tf.sum(tf.mul(target, tf.log(tf.clipByValue(p, EPS, 1))), -1))
        return maskedMean(tf, nll, y, ignore)
      }
    case 'binary-cross-entropy':
      return (y, p) => {
        const t = y.reshape(p.shape).toFloat()
        if (head === 'logits') return tf.losses.sigmoidCrossEntropy(t, p)
        const q = tf.clipByValue(p, EPS, 1 - EPS)
        return tf.neg(tf.mean(tf.add(tf.mul(t, tf.log(q)), tf.mul(tf.sub(1, t), tf.log(tf.sub(1, q))))))
      }
    case 'multibox':
      return multiboxLoss(tf)
    case 'mlm-nsp':
      return mlmNspLoss(tf)
    case 'dice':
      return (y, p) => {
        const q = head === 'logits' ? tf.sigmoid(p) : p
        const t = y.reshape(q.shape).toFloat()
        const axes = q.shape.slice(1).map((_, i) => i + 1)
        const inter = tf.sum(tf.mul(q, t), axes)
        const total = tf.add(tf.sum(q, axes), tf.sum(t, axes))
        return tf.sub(1, tf.mean(tf.div(tf.add(tf.mul(2, inter), 1), tf.add(total, 1))))
      }
  }
}
