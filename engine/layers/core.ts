import { baseArgs, kernelInit } from './init'
import { float, int, ints } from './params'
import { ShapeError, defineLayer, prod, type Shape } from './types'
import { customLayers } from './custom'
import { chain, fmt } from './util'
import { call, channelsFirst, channelsLast, isImage, pyFloat } from '../export/pytorch/syntax'
import { toChannelsLast, toStorage } from '../export/onnx/layout'
import { asWeight, constantInput } from '../import/onnx/convert'

export const flatten = defineLayer({
  kind: 'Flatten',
  category: 'core',
  doc: {
    formula: String.raw`y = \operatorname{vec}(x) \in \mathbb{R}^{H W C}`,
    en: 'Lines up all values of one sample in a single vector so that a Dense layer can read them. No value changes and nothing is learned; an input of shape [H, W, C] becomes [H·W·C].',
    zh: '把一个样本的全部数值排成一个向量，方便全连接层读取。数值不变，也没有可学习参数；形状 [H, W, C] 的输入变成 [H·W·C]。',
  },
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
  doc: {
    formula: String.raw`y = \operatorname{reshape}(x, s),\quad \textstyle\prod_i s_i = \prod_i d_i`,
    en: 'Reads the values in order and arranges them into targetShape. The number of elements must stay the same; one entry may be -1, and its size is then worked out from the rest. No parameters.',
    zh: '按顺序读出数值，再排成 targetShape 的形状。元素总数必须不变；其中一项可以写 -1，它的大小由其余各项算出。没有参数。',
  },
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
  doc: {
    formula: String.raw`\operatorname{shape}(y)_k = \operatorname{shape}(x)_{\pi_k}`,
    en: 'Reorders the axes of each sample while keeping every value. dims says, for each output axis, which input axis it comes from, counting from 1 with the batch axis excluded: [2, 1] turns [T, C] into [C, T].',
    zh: '在保留所有数值的前提下重新排列每个样本的轴。dims 依次说明每个输出轴来自哪个输入轴，从 1 开始数，不含批量维：[2, 1] 把 [T, C] 变成 [C, T]。',
  },
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
  doc: {
    formula: String.raw`y = \frac{m \odot x}{1 - p},\quad m_i \sim \operatorname{Bernoulli}(1 - p)`,
    en: 'While training, each value is set to zero with probability p (rate) and the survivors are multiplied by 1/(1−p), which keeps the expected output equal to the input. At evaluation time the layer does nothing. Units cannot count on each other being present, which fights overfitting; the shape is unchanged.',
    zh: '训练时每个数值以概率 p（rate）被置为 0，保留下来的数值乘以 1/(1−p)，使输出的期望与输入相同。评估时这一层什么也不做。神经元不能指望彼此一定存在，从而减轻过拟合；形状不变。',
  },
  inputs: [1, 1],
  params: { rate: float({ default: 0.5, min: 0, max: 0.99 }) },
  outputShape: (_p, [x]) => [...x],
  trainableParams: () => 0,
  toPytorch: (p, io) => ({
    module: call('nn.Dropout', [pyFloat(p.rate)]),
    forward: `${io.self}(${io.args[0]})`,
  }),
  // a seeded stream of masks: a fresh mask every step, the same ones for the same seed
  toTfjs: (p, ctx) =>
    chain(new (customLayers(ctx.tf).SeededDropout)({ ...baseArgs(ctx), rate: p.rate, seed: ctx.seed })),
  // an exported model is for inference, where dropout passes its input through
  toOnnx: (_p, ctx) => ctx.inputs[0],
})

export const identity = defineLayer({
  kind: 'Identity',
  category: 'core',
  doc: {
    formula: String.raw`y = x`,
    en: 'Hands its input on unchanged. It is useful as a named junction, for example where a skip connection branches off. Shape and values stay the same and it has no parameters.',
    zh: '把输入原样传下去。它适合作为有名字的分岔点，例如残差连接分出去的地方。形状和数值都不变，没有参数。',
  },
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
  doc: {
    formula: String.raw`y_t = E_{x_t,:},\quad E \in \mathbb{R}^{V \times d}`,
    en: 'A learned lookup table: each integer token id picks one row of the matrix E. inputDim (V) is the vocabulary size and outputDim (d) the length of each vector, so ids of shape [T] become [T, d]. It learns V·d numbers.',
    zh: '可学习的查找表：每个整数词元编号取出矩阵 E 的一行。inputDim（V）是词表大小，outputDim（d）是每个向量的长度，所以形状 [T] 的编号变成 [T, d]。可学习参数为 V·d 个。',
  },
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
  // a lookup of token ids (input 2) in a constant table (input 1): nn.Embedding's export
  fromOnnx: {
    ops: ['Gather'],
    recognise: (ctx) => {
      if (!ctx.isConstant(0) || ctx.isConstant(1) || ctx.int('axis', 0) !== 0) return null
      const table = constantInput(ctx, 0, 'table', 2)
      if (ctx.input(1).layout !== 'cl') ctx.fail('its token ids are a channels-first image')
      return {
        params: { inputDim: table.dims[0], outputDim: table.dims[1] },
        weights: { embeddings: asWeight(table) },
        edges: [1],
        layout: 'cl',
      }
    },
  },
})
