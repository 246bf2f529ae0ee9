/**
 * Normalisation over the last (channel / feature) axis, so one BatchNorm serves a dense [F]
 * input (PyTorch's BatchNorm1d) and a conv [H, W, C] input (BatchNorm2d). Defaults are PyTorch's.
 */
import { baseArgs } from './init'
import { bool, float } from './params'
import { defineLayer } from './types'
import { chain } from './util'

export const batchNorm = defineLayer({
  kind: 'BatchNorm',
  category: 'norm',
  inputs: [1, 1],
  params: {
    eps: float({ default: 1e-5, min: 1e-12, max: 1 }),
    /** PyTorch's meaning: the weight of the *new* batch statistics in the running averages. */
    momentum: float({ default: 0.1, min: 0, max: 1 }),
    /** Learnable scale γ and shift β (PyTorch's `affine`). */
    affine: bool(true),
  },
  outputShape: (_p, [x]) => [...x],
  trainableParams: (p, [x]) => (p.affine ? 2 * x.at(-1)! : 0),
  // running mean and variance
  stateParams: (_p, [x]) => 2 * x.at(-1)!,
  toTfjs: (p, ctx) =>
    chain(
      ctx.tf.layers.batchNormalization({
        ...baseArgs(ctx),
        axis: -1,
        epsilon: p.eps,
        // tfjs (like Keras) weights the *old* running value: its momentum is 1 − PyTorch's
        momentum: 1 - p.momentum,
        center: p.affine,
        scale: p.affine,
      }),
    ),
})

export const layerNorm = defineLayer({
  kind: 'LayerNorm',
  category: 'norm',
  inputs: [1, 1],
  params: {
    eps: float({ default: 1e-5, min: 1e-12, max: 1 }),
    /** Learnable per-feature scale and shift (PyTorch's `elementwise_affine`). */
    affine: bool(true),
  },
  outputShape: (_p, [x]) => [...x],
  trainableParams: (p, [x]) => (p.affine ? 2 * x.at(-1)! : 0),
  // tfjs' default epsilon is 1e-3; PyTorch's 1e-5 is passed explicitly
  toTfjs: (p, ctx) =>
    chain(
      ctx.tf.layers.layerNormalization({
        ...baseArgs(ctx),
        axis: -1,
        epsilon: p.eps,
        center: p.affine,
        scale: p.affine,
      }),
    ),
})
