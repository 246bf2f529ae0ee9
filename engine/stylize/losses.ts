/**
 * The three losses of neural style transfer, as the course defines them: the content loss is the
 * mean squared difference of one layer's features; the style loss compares Gram matrices (channel
 * correlations, which keep texture and colour but forget where things are); the total-variation
 * loss is the mean absolute difference of neighbouring pixels, which keeps the synthesised image
 * from turning into high-frequency noise.
 */
import type * as tfTypes from '@tensorflow/tfjs'
import type { Tf } from '../layers/types'

type T = tfTypes.Tensor

/**
 * Gram matrix of a feature map [H, W, C] (or [1, H, W, C]): Xᵀ·X / (C·n) with X the map as n = H·W
 * rows of C channels. Dividing by C·n, as the course does, keeps its values comparable across
 * layers of different sizes, so one style weight can serve all of them.
 */
export function gram(tf: Tf, features: T): T {
  const c = features.shape.at(-1)!
  const n = features.size / c
  const x = features.reshape([n, c])
  return tf.div(tf.matMul(x, x, true, false), c * n)
}

/** Mean squared difference of the synthesised image's features and the content image's. */
export function contentLoss(tf: Tf, features: T, target: T): T {
  return tf.mean(tf.squaredDifference(features, target))
}

/** Mean squared difference of the Gram matrices (the style image's is computed once, up front). */
export function styleLoss(tf: Tf, features: T, targetGram: T): T {
  return tf.mean(tf.squaredDifference(gram(tf, features), targetGram))
}

/**
 * Total variation of an image [1, H, W, C] or [H, W, C]: half the sum of the mean absolute
 * vertical and horizontal neighbour differences.
 */
export function tvLoss(tf: Tf, image: T): T {
  const x = (image.rank === 3 ? image.expandDims(0) : image) as tfTypes.Tensor4D
  const [, h, w, c] = x.shape
  const down = tf.sub(x.slice([0, 1, 0, 0], [1, h - 1, w, c]), x.slice([0, 0, 0, 0], [1, h - 1, w, c]))
  const right = tf.sub(x.slice([0, 0, 1, 0], [1, h, w - 1, c]), x.slice([0, 0, 0, 0], [1, h, w - 1, c]))
  return tf.mul(0.5, tf.add(tf.mean(tf.abs(down)), tf.mean(tf.abs(right))))
}
