/**
 * Per-position layers of the Transformer: the fixed sinusoidal positional encoding and a learned
 * position embedding, both added to a sequence [T, d], and the position-wise feed-forward network.
 * (A Dense node on [T, d] already applies one weight matrix at every position; FeedForward is the
 * Transformer's two-layer version as one palette entry, exported as nn.Sequential.)
 */
import { TORCH_MODULES } from './activations'
import { seqLayers } from './custom-seq'
import { baseArgs, kernelInit } from './init'
import { bool, choice, int } from './params'
import { sinusoidTable, type FeedForwardActivation } from './position-tf'
import { ShapeError, defineLayer, type Shape, type SymbolicTensor } from './types'
import { chain, expectRank, fmt } from './util'
import { call, onLastAxis, pyFloat } from '../export/pytorch/syntax'
import { activation as onnxActivation } from '../export/onnx/emit'

const sequence = (kind: string, x: Shape) => expectRank(kind, x, 2, 'a sequence [time steps, features]')

export const positionalEncoding = defineLayer({
  kind: 'PositionalEncoding',
  category: 'attention',
  doc: {
    formula: String.raw`y_{t,2i} = x_{t,2i} + \sin\!\left(\frac{t}{10000^{2i/d}}\right),\quad y_{t,2i+1} = x_{t,2i+1} + \cos\!\left(\frac{t}{10000^{2i/d}}\right)`,
    en: 'Adds a fixed pattern of sines and cosines to a sequence [T, d] so that attention, which ignores order by itself, can tell positions apart. Low feature indices oscillate fast and high ones slowly, and nearby positions get similar codes. It has no parameters and keeps the shape; scaleInput first multiplies the input by √d, as the Transformer does with its embeddings.',
    zh: '给序列 [T, d] 加上一组固定的正弦、余弦值，使本身不区分顺序的注意力能够分辨位置。低维特征变化快、高维变化慢，相邻位置的编码相近。它没有参数，输出形状不变；scaleInput 会先把输入乘以 √d，与 Transformer 对词嵌入的处理相同。',
  },
  inputs: [1, 1],
  params: {
    /** Multiply the input by √d before adding the code. */
    scaleInput: bool(false),
  },
  outputShape: (_p, [x]) => {
    sequence('PositionalEncoding', x)
    return [...x]
  },
  trainableParams: () => 0,
  toTfjs: (p, ctx) =>
    chain(new (seqLayers(ctx.tf).PositionalEncoding)({ ...baseArgs(ctx), scaleInput: p.scaleInput })),
  toOnnx: (p, ctx) => {
    const [steps, d] = ctx.inputShapes[0]
    let x = ctx.inputs[0]
    if (p.scaleInput) x = ctx.op('Mul', [x, ctx.constant('scale', [Math.sqrt(d)], [])])
    return ctx.op('Add', [x, ctx.constant('table', sinusoidTable(steps, d), [steps, d])])
  },
  toPytorch: (p, io) => {
    const [steps, d] = io.in[0]
    const x = p.scaleInput ? `${io.args[0]} * ${pyFloat(Math.sqrt(d))}` : io.args[0]
    return {
      forward: `${x} + sinusoid_table(${steps}, ${d}, ${io.args[0]}.device)`,
      helpers: ['sinusoid_table'],
    }
  },
})

export const positionEmbedding = defineLayer({
  kind: 'PositionEmbedding',
  category: 'attention',
  doc: {
    formula: String.raw`y_t = x_t + P_t,\quad P \in \mathbb{R}^{L \times d}\ \text{learned}`,
    en: 'Adds a learned vector to every position of a sequence [T, d]: row t of a trainable table P is added at step t, as BERT and GPT do. maxLength L is the longest sequence it can handle (T ≤ L) and sets its size, L·d parameters; the output keeps the input shape.',
    zh: '给序列 [T, d] 的每个位置加上一个可学习的向量：第 t 步加上可训练表 P 的第 t 行，BERT 和 GPT 都这样做。maxLength L 是能处理的最长序列（要求 T ≤ L），参数量为 L·d；输出形状与输入相同。',
  },
  inputs: [1, 1],
  params: {
    /** Longest sequence the table covers. */
    maxLength: int({ min: 1, default: 128 }),
  },
  outputShape: (p, [x]) => {
    sequence('PositionEmbedding', x)
    if (x[0] > p.maxLength)
      throw new ShapeError(
        `PositionEmbedding has positions for ${p.maxLength} steps (maxLength) but the sequence [${fmt(x)}] has ${x[0]}`,
      )
    return [...x]
  },
  trainableParams: (p, [x]) => p.maxLength * x[1],
  toTfjs: (p, ctx) => {
    const init =
      ctx.init === 'default'
        ? ctx.tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: ctx.seed })
        : kernelInit(ctx)
    return chain(
      new (seqLayers(ctx.tf).PositionEmbedding)({ ...baseArgs(ctx), maxLength: p.maxLength, init }),
    )
  },
  toOnnx: (_p, ctx) => {
    const [steps, d] = ctx.inputShapes[0]
    const table = ctx.weight('embeddings').data.slice(0, steps * d)
    return ctx.op('Add', [ctx.inputs[0], ctx.constant('weight', table, [steps, d])])
  },
  toPytorch: (p, io) => {
    const [steps, d] = io.in[0]
    return {
      module: call('nn.Embedding', [p.maxLength, d]),
      forward: `${io.args[0]} + ${io.self}.weight[:${steps}]`,
      weights: [{ tfjs: 'embeddings', torch: 'weight' }],
    }
  },
})

const FFN_ACTIVATIONS = [
  'relu',
  'gelu',
  'tanh',
  'sigmoid',
  'swish',
  'linear',
] as const satisfies readonly FeedForwardActivation[]

export const feedForward = defineLayer({
  kind: 'FeedForward',
  category: 'attention',
  doc: {
    formula: String.raw`\mathrm{FFN}(x_t) = W_2\,\phi(W_1 x_t + b_1) + b_2`,
    en: 'The Transformer’s position-wise feed-forward network: the same two-layer perceptron is applied to each position of [T, d] on its own, widening to hidden features, applying the activation φ and projecting back to d. The output has the input’s shape; hidden only changes the capacity, with 2·d·hidden + hidden + d parameters.',
    zh: 'Transformer 中基于位置的前馈网络：对 [T, d] 的每个位置独立地应用同一个两层感知机，先扩展到 hidden 个特征、经过激活函数 φ，再投影回 d 维。输出形状与输入相同；hidden 只影响容量，参数量为 2·d·hidden + hidden + d。',
  },
  inputs: [1, 1],
  params: {
    hidden: int({ min: 1, default: 128 }),
    activation: choice(FFN_ACTIVATIONS, 'relu'),
  },
  outputShape: (_p, [x]) => {
    if (x.length < 1 || x.length > 2)
      throw new ShapeError(
        `FeedForward needs a sequence [time steps, features] or a vector, but its input is [${fmt(x)}]`,
      )
    return [...x]
  },
  trainableParams: (p, [x]) => 2 * x.at(-1)! * p.hidden + p.hidden + x.at(-1)!,
  macs: (p, [x]) => (x.length === 2 ? x[0] : 1) * 2 * x.at(-1)! * p.hidden,
  toTfjs: (p, ctx) => {
    const layer = new (seqLayers(ctx.tf).FeedForward)({
      ...baseArgs(ctx),
      hidden: p.hidden,
      activation: p.activation,
      kernelInit: (i) => kernelInit({ ...ctx, seed: ctx.seed + i }),
    })
    return ([x]) => layer.apply(x) as SymbolicTensor
  },
  toOnnx: (p, ctx) => {
    const dense = (x: string, i: number) => {
      const k = ctx.weight(`kernel_${i}`)
      const b = ctx.weight(`bias_${i}`)
      const y = ctx.op('MatMul', [x, ctx.constant(`weight_${i}`, k.data, k.shape)])
      return ctx.op('Add', [y, ctx.constant(`bias_${i}`, b.data, b.shape)])
    }
    return dense(onnxActivation(ctx, dense(ctx.inputs[0], 1), p.activation, -1), 2)
  },
  toPytorch: (p, io) => {
    const d = io.in[0].at(-1)!
    const act = p.activation === 'linear' ? 'nn.Identity()' : TORCH_MODULES[p.activation]!
    return {
      module: `nn.Sequential(${call('nn.Linear', [d, p.hidden])}, ${act}, ${call('nn.Linear', [p.hidden, d])})`,
      forward: onLastAxis(io.args[0], io.in[0], io.out, (v) => `${io.self}(${v})`),
      weights: [1, 2].flatMap((i) => [
        { tfjs: `kernel_${i}`, torch: `${2 * (i - 1)}.weight`, perm: [1, 0] },
        { tfjs: `bias_${i}`, torch: `${2 * (i - 1)}.bias` },
      ]),
    }
  },
})
