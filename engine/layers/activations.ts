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
import { call, featureDim, onDim1, pyFloat } from '../export/pytorch/syntax'
import { activation as onnxActivation } from '../export/onnx/emit'
import { channelAxis } from '../export/onnx/layout'

type TfActivation = NonNullable<Parameters<Tf['layers']['activation']>[0]['activation']>

export const TORCH_MODULES: Partial<Record<TfActivation, string>> = {
  relu: 'nn.ReLU()',
  selu: 'nn.SELU()',
  gelu: 'nn.GELU()',
  sigmoid: 'nn.Sigmoid()',
  tanh: 'nn.Tanh()',
  swish: 'nn.SiLU()',
}

function simple(kind: string, activation: TfActivation) {
  return defineLayer({
    kind,
    category: 'activation',
    inputs: [1, 1],
    params: {},
    outputShape: (_p, [x]) => [...x],
    trainableParams: () => 0,
    toPytorch: (_p, io) => {
      const module = TORCH_MODULES[activation]
      if (!module) throw new Error(`the activation '${activation}' has no PyTorch module in the exporter`)
      return { module, forward: `${io.self}(${io.args[0]})` }
    },
    toTfjs: (_p, ctx) => chain(ctx.tf.layers.activation({ ...baseArgs(ctx), activation })),
    toOnnx: (_p, ctx) => onnxActivation(ctx, ctx.inputs[0], activation, channelAxis(ctx.outputShape)),
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
  toPytorch: (p, io) => ({
    module: call('nn.LeakyReLU', [pyFloat(p.alpha)]),
    forward: `${io.self}(${io.args[0]})`,
  }),
  toTfjs: (p, ctx) => chain(ctx.tf.layers.leakyReLU({ ...baseArgs(ctx), alpha: p.alpha })),
  toOnnx: (p, ctx) => ctx.op('LeakyRelu', ctx.inputs, { alpha: { float: p.alpha } }),
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
  // nn.PReLU looks for channels on dim 1; tfjs' single slope has an all-ones shape
  toPytorch: (p, io) => {
    const n = p.perChannel ? io.in[0].at(-1)! : 1
    return {
      module: call('nn.PReLU', p.perChannel ? [n] : []),
      forward: onDim1(io.args[0], p.perChannel ? io.in[0] : [n], (v) => `${io.self}(${v})`),
      weights: [{ tfjs: 'alpha', torch: 'weight', shape: [n] }],
    }
  },
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
  toOnnx: (p, ctx) => {
    const shape = ctx.outputShape
    // one slope, or one per channel shaped to broadcast against the channel axis of the storage
    const dims = !p.perChannel ? [1] : shape.length === 3 ? [shape[2], 1, 1] : [shape.at(-1)!]
    return ctx.op('PRelu', [ctx.inputs[0], ctx.constant('slope', ctx.weight('alpha').data, dims)])
  },
})

export const elu = defineLayer({
  kind: 'ELU',
  category: 'activation',
  inputs: [1, 1],
  params: { alpha: float({ default: 1, min: 0 }) },
  outputShape: (_p, [x]) => [...x],
  trainableParams: () => 0,
  toPytorch: (p, io) => ({
    module: call('nn.ELU', p.alpha === 1 ? [] : [pyFloat(p.alpha)]),
    forward: `${io.self}(${io.args[0]})`,
  }),
  toTfjs: (p, ctx) =>
    chain(
      p.alpha === 1
        ? ctx.tf.layers.elu(baseArgs(ctx))
        : new (customLayers(ctx.tf).ScaledELU)({ ...baseArgs(ctx), alpha: p.alpha }),
    ),
  toOnnx: (p, ctx) => ctx.op('Elu', ctx.inputs, { alpha: { float: p.alpha } }),
})

export const softmax = defineLayer({
  kind: 'Softmax',
  category: 'activation',
  inputs: [1, 1],
  params: {},
  outputShape: (_p, [x]) => [...x],
  trainableParams: () => 0,
  toPytorch: (_p, io) => ({
    module: call('nn.Softmax', [], { dim: String(featureDim(io.in[0])) }),
    forward: `${io.self}(${io.args[0]})`,
  }),
  // tfjs' Softmax layer defaults to axis 1 (the first non-batch axis), not the last
  toTfjs: (_p, ctx) => chain(ctx.tf.layers.softmax({ ...baseArgs(ctx), axis: -1 })),
  toOnnx: (_p, ctx) => ctx.op('Softmax', ctx.inputs, { axis: channelAxis(ctx.outputShape) }),
})
