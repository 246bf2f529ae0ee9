/**
 * Activation layers. Parameter defaults are PyTorch's. All names passed to tfjs'
 * `activation` layer exist in tfjs 4.22; its 'gelu' is the exact erf form, like nn.GELU(),
 * and 'swish' is x·sigmoid(x), PyTorch's SiLU.
 */
import { customLayers } from './custom'
import { baseArgs } from './init'
import { bool, float } from './params'
import { defineLayer, type SymbolicTensor, type Tf } from './types'
import { chain } from './util'

type TfActivation = NonNullable<Parameters<Tf['layers']['activation']>[0]['activation']>

function simple(kind: string, activation: TfActivation) {
  return defineLayer({
    kind,
    category: 'activation',
    inputs: [1, 1],
    params: {},
    outputShape: (_p, [x]) => [...x],
    trainableParams: () => 0,
    toTfjs: (_p, ctx) => chain(ctx.tf.layers.activation({ ...baseArgs(ctx), activation })),
  })
}

export const relu = simple('ReLU', 'relu')
export const selu = simple('SELU', 'selu')
export const gelu = simple('GELU', 'gelu')
export const sigmoid = simple('Sigmoid', 'sigmoid')
export const tanh = simple('Tanh', 'tanh')
export const swish = simple('Swish', 'swish')

export const leakyRelu = defineLayer({
  kind: 'LeakyReLU',
  category: 'activation',
  inputs: [1, 1],
  // PyTorch's negative_slope default; Keras' is 0.3
  params: { alpha: float({ default: 0.01, min: 0 }) },
  outputShape: (_p, [x]) => [...x],
  trainableParams: () => 0,
  toTfjs: (p, ctx) => chain(ctx.tf.layers.leakyReLU({ ...baseArgs(ctx), alpha: p.alpha })),
})

export const prelu = defineLayer({
  kind: 'PReLU',
  category: 'activation',
  inputs: [1, 1],
  params: {
    /** One learnable slope per channel (last axis) instead of PyTorch's default single slope. */
    perChannel: bool(false),
  },
  outputShape: (_p, [x]) => [...x],
  trainableParams: (p, [x]) => (p.perChannel ? x.at(-1)! : 1),
  toTfjs: (p, ctx) => (inputs) => {
    const x = inputs[0]
    // tfjs axes count the batch as 0: share over 1…rank for one slope, over all but the channel axis
    // for one per channel (tfjs' own default, no sharing, would give one slope per element)
    const rank = x.shape.length - 1
    const axes = Array.from({ length: p.perChannel ? rank - 1 : rank }, (_, i) => i + 1)
    const layer = ctx.tf.layers.prelu({
      ...baseArgs(ctx),
      sharedAxes: axes.length ? axes : undefined,
      // PyTorch starts every slope at 0.25; tfjs at 0, which would begin as a plain ReLU
      alphaInitializer: ctx.tf.initializers.constant({ value: 0.25 }),
    })
    return layer.apply(x) as SymbolicTensor
  },
})

export const elu = defineLayer({
  kind: 'ELU',
  category: 'activation',
  inputs: [1, 1],
  params: { alpha: float({ default: 1, min: 0 }) },
  outputShape: (_p, [x]) => [...x],
  trainableParams: () => 0,
  toTfjs: (p, ctx) =>
    chain(
      p.alpha === 1
        ? ctx.tf.layers.elu(baseArgs(ctx))
        : new (customLayers(ctx.tf).ScaledELU)({ ...baseArgs(ctx), alpha: p.alpha }),
    ),
})

export const softmax = defineLayer({
  kind: 'Softmax',
  category: 'activation',
  inputs: [1, 1],
  params: {},
  outputShape: (_p, [x]) => [...x],
  trainableParams: () => 0,
  // tfjs' Softmax layer defaults to axis 1 (the first non-batch axis), not the last
  toTfjs: (_p, ctx) => chain(ctx.tf.layers.softmax({ ...baseArgs(ctx), axis: -1 })),
})
