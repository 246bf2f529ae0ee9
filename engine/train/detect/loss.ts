/**
 * The course's multibox loss and training metrics on the output [B, anchors, (C+1) + 4 + 4] and
 * the targets [B, anchors, 5] (class with 0 = background, 4 offsets): cross-entropy over the
 * classes of every anchor plus L1 over the offsets of the anchors that hold an object; the
 * masked-out offsets still count in the mean, as the course's bbox_loss(...).mean() has it.
 */
import type * as tfTypes from '@tensorflow/tfjs'
import type { Tf } from '../../layers/types'

type T = tfTypes.Tensor

function parts(tf: Tf, y: T, p: T) {
  const k = p.shape.at(-1)! - 8
  const cls = tf.slice(p, [0, 0, 0], [-1, -1, k])
  const offsets = tf.slice(p, [0, 0, k], [-1, -1, 4])
  const labels = tf.slice(y, [0, 0, 0], [-1, -1, 1]).reshape(y.shape.slice(0, 2)).toInt()
  const targets = tf.slice(y, [0, 0, 1], [-1, -1, 4])
  const mask = tf.greater(labels, 0).toFloat().expandDims(-1)
  return { k, cls, offsets, labels, targets, mask }
}

/** Masked L1 of the offsets, averaged over every offset entry (the course's box MAE). */
function boxL1(tf: Tf, q: ReturnType<typeof parts>): T {
  return tf.mean(tf.mul(tf.abs(tf.sub(q.offsets, q.targets)), q.mask))
}

export function multiboxLoss(tf: Tf): (y: T, p: T) => T {
  return (y, p) => {
    const q = parts(tf, y, p)
    const onehot = tf.oneHot(q.labels.reshape([-1]), q.k)
    const ce = tf.losses.softmaxCrossEntropy(onehot, q.cls.reshape([-1, q.k]))
    return tf.add(ce, boxL1(tf, q))
  }
}

/** Share of anchors whose most likely class (background included) is wrong. */
export function classError(tf: Tf): (y: T, p: T) => T {
  return (y, p) => {
    const q = parts(tf, y, p)
    return tf.sub(1, tf.mean(tf.equal(tf.argMax(q.cls, -1).toInt(), q.labels).toFloat()))
  }
}

export function boxMae(tf: Tf): (y: T, p: T) => T {
  return (y, p) => boxL1(tf, parts(tf, y, p))
}
