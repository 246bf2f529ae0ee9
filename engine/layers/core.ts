import { baseArgs, kernelInit } from './init'
import { float, int, ints } from './params'
import { ShapeError, defineLayer, prod, type Shape } from './types'
import { chain, fmt } from './util'
import { call, channelsFirst, channelsLast, isImage, pyFloat } from '../export/pytorch/syntax'
import { toChannelsLast, toStorage } from '../export/onnx/layout'

export const flatten = defineLayer({
  kind: 'Flatten',
  category: 'core',
  inputs: [1, 1],
  params: {},
  outputShape: (_p, [x]) => [prod(x)],
  trainableParams: () => 0,
  toPytorch: (_p, io) => {
    const [x] = io.in
    if (x.length === 1) return { forward: io.args[0] }
    return {
      forward: `torch.flatten(${channelsLast(io.args[0], x)}, 1)`,
      comment: isImage(x)
        ? 'NHWC before flattening: Deepwire flattens channels-last, the order the next layer was trained on'
        : undefined,
    }
  },
  toTfjs: (_p, ctx) => (inputs) => {
    const x = inputs[0]
    // tfjs' Flatten refuses inputs that are already flat; a linear layer keeps the node's name
    const layer =
      x.shape.length > 2
        ? ctx.tf.layers.flatten(baseArgs(ctx))
        : ctx.tf.layers.activation({ ...baseArgs(ctx), activation: 'linear' })
    return layer.apply(x) as typeof x
  },
  // channels-last first, so a flattened image reads H, W, C like the Dense weights after it expect
  toOnnx: (_p, ctx) => {
    const x = toChannelsLast(ctx, ctx.inputs[0], ctx.inputShapes[0])
    return ctx.inputShapes[0].length === 1 ? x : ctx.op('Flatten', [x], { axis: 1 })
  },
})

/** The concrete target shape: tfjs would leave a −1 axis unknown, so it is resolved here. */
export function resolveReshape(target: readonly number[], x: Shape): Shape {
  const size = prod(x)
  if (target.some((d) => d === 0 || d < -1))
    throw new ShapeError(
      `Reshape sizes must be positive (or one -1 for "the rest"), got [${target.join(', ')}]`,
    )
  const free = target.filter((d) => d === -1).length
  if (free > 1)
    throw new ShapeError(`Reshape can infer only one size, but [${target.join(', ')}] has ${free} -1s`)
  const known = prod(target.filter((d) => d !== -1))
  if (free === 1) {
    if (size % known !== 0)
      throw new ShapeError(
        `cannot reshape [${fmt(x)}] (${size} values) into [${target.join(', ')}]: ${size} is not divisible by ${known}`,
      )
    return target.map((d) => (d === -1 ? size / known : d))
  }
  if (known !== size)
    throw new ShapeError(
      `cannot reshape [${fmt(x)}] (${size} values) into [${fmt(target)}] (${known} values): the sizes must multiply to the same total`,
    )
  return [...target]
}

export const reshape = defineLayer({
  kind: 'Reshape',
  category: 'core',
  inputs: [1, 1],
  params: {
    /** Per-sample target shape; one -1 takes whatever size is left. */
    targetShape: ints({ default: [-1], min: -1, minLength: 1 }),
  },
  outputShape: (p, [x]) => resolveReshape(p.targetShape, x),
  trainableParams: () => 0,
  // reshaped in the engine's channels-last order, so values land where the engine puts them
  toPytorch: (_p, io) => ({
    forward: channelsFirst(`${channelsLast(io.args[0], io.in[0])}.reshape(-1, ${io.out.join(', ')})`, io.out),
  }),
  toTfjs: (p, ctx) => (inputs) => {
    const x = inputs[0]
    const targetShape = resolveReshape(p.targetShape, x.shape.slice(1) as number[])
    return ctx.tf.layers.reshape({ ...baseArgs(ctx), targetShape }).apply(x) as typeof x
  },
  toOnnx: (_p, ctx) => {
    const out = ctx.outputShape
    const x = toChannelsLast(ctx, ctx.inputs[0], ctx.inputShapes[0])
    const shape = ctx.constant('shape', [-1, ...out], [out.length + 1], 'int64')
    return toStorage(ctx, ctx.op('Reshape', [x, shape]), out)
  },
})

export const permute = defineLayer({
  kind: 'Permute',
  category: 'core',
  inputs: [1, 1],
  params: {
    /** 1-based like Keras (the batch axis is 0 and never moves): [2, 1] swaps the two axes of [T, C]. */
    dims: ints({ default: [2, 1], min: 1, minLength: 1 }),
  },
  outputShape: (p, [x]) => {
    const sorted = [...p.dims].sort((a, b) => a - b)
    if (p.dims.length !== x.length || sorted.some((d, i) => d !== i + 1))
      throw new ShapeError(
        `Permute dims [${p.dims.join(', ')}] must list each of the input's axes 1…${x.length} exactly once`,
      )
    return p.dims.map((d) => x[d - 1])
  },
  trainableParams: () => 0,
  toPytorch: (p, io) => ({
    forward: channelsFirst(`${channelsLast(io.args[0], io.in[0])}.permute(0, ${p.dims.join(', ')})`, io.out),
  }),
  toTfjs: (p, ctx) => chain(ctx.tf.layers.permute({ ...baseArgs(ctx), dims: p.dims })),
  toOnnx: (p, ctx) =>
    toStorage(
      ctx,
      ctx.transpose(toChannelsLast(ctx, ctx.inputs[0], ctx.inputShapes[0]), [0, ...p.dims]),
      ctx.outputShape,
    ),
})

export const dropout = defineLayer({
  kind: 'Dropout',
  category: 'core',
  inputs: [1, 1],
  params: { rate: float({ default: 0.5, min: 0, max: 0.99 }) },
  outputShape: (_p, [x]) => [...x],
  trainableParams: () => 0,
  toPytorch: (p, io) => ({
    module: call('nn.Dropout', [pyFloat(p.rate)]),
    forward: `${io.self}(${io.args[0]})`,
  }),
  // no `seed`: tfjs reuses a seeded dropout mask on every step, which would drop the same units forever
  toTfjs: (p, ctx) => chain(ctx.tf.layers.dropout({ ...baseArgs(ctx), rate: p.rate })),
  // an exported model is for inference, where dropout passes its input through
  toOnnx: (_p, ctx) => ctx.inputs[0],
})

export const identity = defineLayer({
  kind: 'Identity',
  category: 'core',
  inputs: [1, 1],
  params: {},
  outputShape: (_p, [x]) => [...x],
  trainableParams: () => 0,
  toPytorch: (_p, io) => ({ forward: io.args[0] }),
  // a real (linear) layer rather than passing the tensor through, so the node keeps a named tfjs layer
  toTfjs: (_p, ctx) => chain(ctx.tf.layers.activation({ ...baseArgs(ctx), activation: 'linear' })),
  toOnnx: (_p, ctx) => ctx.inputs[0],
})

export const embedding = defineLayer({
  kind: 'Embedding',
  category: 'core',
  inputs: [1, 1],
  params: {
    /** Vocabulary size: token ids run from 0 to inputDim − 1. */
    inputDim: int({ default: 1000, min: 1 }),
    outputDim: int({ default: 64, min: 1 }),
  },
  outputShape: (p, [x]) => [...x, p.outputDim],
  trainableParams: (p) => p.inputDim * p.outputDim,
  // ids may arrive as float32 (tfjs truncates them); nn.Embedding needs int64
  toPytorch: (p, io) => ({
    module: call('nn.Embedding', [p.inputDim, p.outputDim]),
    forward: channelsFirst(`${io.self}(${channelsLast(io.args[0], io.in[0])}.long())`, io.out),
    weights: [{ tfjs: 'embeddings', torch: 'weight' }],
  }),
  toTfjs: (p, ctx) => {
    // Keras' default is uniform ±0.05; seeded here so the same graph and seed start identically
    const init =
      ctx.init === 'default'
        ? ctx.tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: ctx.seed })
        : kernelInit(ctx)
    return chain(
      ctx.tf.layers.embedding({
        ...baseArgs(ctx),
        inputDim: p.inputDim,
        outputDim: p.outputDim,
        embeddingsInitializer: init,
      }),
    )
  },
  toOnnx: (_p, ctx) => {
    const x = toChannelsLast(ctx, ctx.inputs[0], ctx.inputShapes[0])
    // tfjs casts float ids to int32 (truncating), as Cast does
    const ids = ctx.isInt(x) ? x : ctx.op('Cast', [x], { to: 7 })
    const table = ctx.weight('embeddings')
    const y = ctx.op('Gather', [ctx.constant('weight', table.data, table.shape), ids], { axis: 0 })
    return toStorage(ctx, y, ctx.outputShape)
  },
})
