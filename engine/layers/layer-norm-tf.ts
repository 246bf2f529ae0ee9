/**
 * tfjs-layers' LayerNormalization tiles γ and β (and the moments) to the input's full shape before
 * calling batchNormalization, and Tile's gradient is one slice and one add per repetition: batch ×
 * steps of each per layer and step. On webgpu that was 32,768 extra dispatches per training step of
 * the Transformer encoder at batch 64 (575 ms a step on an H200, slower than wasm). The same
 * arithmetic with broadcasting has gradients of a handful of reductions. The layer keeps its class,
 * weights and config, so checkpoints and the tfjs export are unchanged.
 */
import type * as tfTypes from '@tensorflow/tfjs'
import { one } from './tf-layer'
import type { Tf } from './types'

interface LayerNormFields {
  epsilon: number
  scale: boolean
  center: boolean
  gamma: { read(): tfTypes.Tensor }
  beta: { read(): tfTypes.Tensor }
  call(inputs: tfTypes.Tensor | tfTypes.Tensor[]): tfTypes.Tensor
}

export function broadcastLayerNorm<L extends tfTypes.layers.Layer>(tf: Tf, layer: L): L {
  const l = layer as unknown as LayerNormFields
  l.call = (inputs) =>
    tf.tidy(() => {
      const x = one(inputs)
      const { mean, variance } = tf.moments(x, -1, true)
      let y = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, l.epsilon)))
      if (l.scale) y = tf.mul(y, l.gamma.read())
      if (l.center) y = tf.add(y, l.beta.read())
      return y
    })
  return layer
}
