/**
 * Activation layers. Parameter defaults are PyTorch's. All names passed to tfjs'
 * `activation` layer exist in tfjs 4.22; its 'gelu' is the exact erf form, like nn.GELU(),
 * and 'swish' is x·sigmoid(x), PyTorch's SiLU.
 */
import { customLayers } from './custom'
import { baseArgs } from './init'
import { bool, float } from './params'
import { defineLayer, type LayerDoc, type SymbolicTensor, type Tf } from './types'
import { chain } from './util'
import { call, featureDim, onDim1, pyFloat } from '../export/pytorch/syntax'
import { activation as onnxActivation } from '../export/onnx/emit'
import { channelAxis } from '../export/onnx/layout'
import type { OnnxRecogniser } from '../import/onnx/types'

type TfActivation = NonNullable<Parameters<Tf['layers']['activation']>[0]['activation']>

export const TORCH_MODULES: Partial<Record<TfActivation, string>> = {
  relu: 'nn.ReLU()',
  relu6: 'nn.ReLU6()',
  selu: 'nn.SELU()',
  gelu: 'nn.GELU()',
  sigmoid: 'nn.Sigmoid()',
  tanh: 'nn.Tanh()',
  swish: 'nn.SiLU()',
}

/** An elementwise ONNX op: the layer keeps its input's layout and has no weights. */
const elementwiseFrom = (...ops: string[]): OnnxRecogniser => ({ ops, recognise: () => ({ params: {} }) })

/** Clip(lo, hi) with constant bounds as the activation that clips there (ReLU, ReLU6), else null. */
const clipFrom = (lo: number, hi: number): OnnxRecogniser => ({
  ops: ['Clip'],
  recognise: (ctx) => {
    // opset 11 moved the bounds from attributes to (optional) inputs
    const bound = (i: number, attr: string, fallback: number) =>
      ctx.opset >= 11
        ? ctx.node.inputs[i]
          ? (ctx.floats(i)?.data[0] ?? NaN)
          : fallback
        : ctx.float(attr, fallback)
    return bound(1, 'min', -Infinity) === lo && bound(2, 'max', Infinity) === hi ? { params: {} } : null
  },
})

function simple(kind: string, activation: TfActivation, doc: LayerDoc, fromOnnx?: OnnxRecogniser) {
  return defineLayer({
    kind,
    category: 'activation',
    doc,
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
    fromOnnx,
  })
}

export const relu = simple(
  'ReLU',
  'relu',
  {
    formula: String.raw`\operatorname{ReLU}(x) = \max(0, x)`,
    en: 'Passes positive values and replaces negative ones with zero. Its gradient is 1 wherever the unit is active, so deep networks train well with it. Applied element by element: the shape is unchanged, no parameters.',
    zh: '正数原样通过，负数变为 0。神经元激活时梯度恒为 1，所以深层网络用它训练得很好。逐元素计算：形状不变，没有参数。',
  },
  {
    ops: ['Relu', 'Clip'],
    recognise: (ctx) => (ctx.node.op === 'Clip' ? clipFrom(0, Infinity).recognise(ctx) : { params: {} }),
  },
)
export const relu6 = simple(
  'ReLU6',
  'relu6',
  {
    formula: String.raw`\operatorname{ReLU6}(x) = \min(\max(0, x), 6)`,
    en: 'A ReLU whose output is also capped at 6. MobileNets use it: the bounded range keeps activations small enough for low-precision arithmetic. Element-wise: the shape is unchanged, no parameters.',
    zh: '输出上限为 6 的 ReLU。MobileNet 使用它：有界的取值范围让激活值足够小，适合低精度运算。逐元素计算：形状不变，没有参数。',
  },
  clipFrom(0, 6),
)
export const selu = simple(
  'SELU',
  'selu',
  {
    formula: String.raw`y = \lambda \begin{cases} x & x > 0 \\ \alpha\,(e^{x} - 1) & x \le 0 \end{cases},\ \lambda \approx 1.0507,\ \alpha \approx 1.6733`,
    en: 'An ELU scaled by fixed constants chosen so that, with suitable initialisation, activations keep roughly zero mean and unit variance from layer to layer (self-normalising). Element-wise, shape unchanged, no parameters.',
    zh: '按固定常数缩放的 ELU。常数的取值使得在合适的初始化下，激活值逐层保持大致为零的均值和单位方差（自归一化）。逐元素计算，形状不变，没有参数。',
  },
  elementwiseFrom('Selu'),
)
export const gelu = simple(
  'GELU',
  'gelu',
  {
    formula: String.raw`\operatorname{GELU}(x) = x\,\Phi(x) = \frac{x}{2}\left(1 + \operatorname{erf}\!\left(\frac{x}{\sqrt{2}}\right)\right)`,
    en: 'Weights each input by the probability that a standard normal variable is below it: large positive values pass, large negative ones vanish, and the transition is smooth. It is the usual activation in Transformers. Element-wise, shape unchanged.',
    zh: '用标准正态变量小于该输入的概率来给输入加权：大的正数通过，大的负数消失，中间过渡平滑。它是 Transformer 中常用的激活函数。逐元素计算，形状不变。',
  },
  {
    ops: ['Gelu'],
    recognise: (ctx) =>
      ctx.string('approximate', 'none') === 'none'
        ? { params: {} }
        : ctx.fail('the tanh approximation of GELU has no Deepwire layer'),
  },
)
export const sigmoid = simple(
  'Sigmoid',
  'sigmoid',
  {
    formula: String.raw`\sigma(x) = \frac{1}{1 + e^{-x}}`,
    en: 'Squashes any number into (0, 1), so an output can be read as a probability, as in binary classification. It saturates for large |x|, where the gradient almost vanishes. Element-wise, shape unchanged.',
    zh: '把任意实数压缩到 (0, 1)，输出可以理解为概率，常用于二分类。|x| 很大时函数饱和，梯度几乎为 0。逐元素计算，形状不变。',
  },
  elementwiseFrom('Sigmoid'),
)
export const tanh = simple(
  'Tanh',
  'tanh',
  {
    formula: String.raw`\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}`,
    en: 'Squashes inputs into (−1, 1) and is centred on zero, which often makes it easier to train than the sigmoid; like the sigmoid it saturates for large |x|. Element-wise, shape unchanged.',
    zh: '把输入压缩到 (−1, 1)，并以 0 为中心，因此通常比 sigmoid 更好训练；与 sigmoid 一样，|x| 很大时会饱和。逐元素计算，形状不变。',
  },
  elementwiseFrom('Tanh'),
)
export const swish = simple('Swish', 'swish', {
  formula: String.raw`\operatorname{swish}(x) = x\,\sigma(x) = \frac{x}{1 + e^{-x}}`,
  en: 'Multiplies the input by its own sigmoid (PyTorch calls it SiLU): close to ReLU for large |x| but smooth, and slightly negative just below zero. Element-wise, shape unchanged, no parameters.',
  zh: '把输入乘以它自身的 sigmoid（PyTorch 中叫 SiLU）：|x| 较大时接近 ReLU，但处处光滑，在 0 以下略为负值。逐元素计算，形状不变，没有参数。',
})

export const leakyRelu = defineLayer({
  kind: 'LeakyReLU',
  category: 'activation',
  doc: {
    formula: String.raw`y = \begin{cases} x & x > 0 \\ \alpha x & x \le 0 \end{cases}`,
    en: 'Like ReLU, but negative inputs keep a small slope alpha instead of becoming zero, so a unit whose inputs are all negative still receives a gradient. Element-wise: the shape is unchanged and nothing is learned.',
    zh: '与 ReLU 类似，但负数输入保留一个小斜率 alpha 而不是变成 0，这样输入全为负的神经元仍能得到梯度。逐元素计算：形状不变，没有可学习参数。',
  },
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
  fromOnnx: { ops: ['LeakyRelu'], recognise: (ctx) => ({ params: { alpha: ctx.float('alpha', 0.01) } }) },
})

export const prelu = defineLayer({
  kind: 'PReLU',
  category: 'activation',
  doc: {
    formula: String.raw`y = \begin{cases} x & x > 0 \\ a x & x \le 0 \end{cases},\quad a \text{ learned}`,
    en: 'A LeakyReLU whose negative slope a is learned by training, starting from 0.25. With perChannel off there is a single slope; with it on there is one per channel (last axis). The shape is unchanged.',
    zh: '负半轴斜率 a 由训练学习得到的 LeakyReLU，初始值为 0.25。perChannel 关闭时只有一个斜率；打开时每个通道（最后一个轴）各有一个。形状不变。',
  },
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
  // one slope, or one per channel (nn.PReLU(C): [C] on vectors, [C, 1, 1] on NCHW images)
  fromOnnx: {
    ops: ['PRelu'],
    recognise: (ctx) => {
      const x = ctx.input(0)
      const slope = ctx.floats(1)
      if (!slope) return ctx.fail('its slope is computed in the graph, not a stored constant')
      const c = x.shape.at(-1)!
      const perChannel = slope.data.length !== 1
      const channelsLast = x.layout === 'cl' && slope.dims.length <= 1
      if (perChannel && (slope.data.length !== c || !(x.layout === 'cf' || channelsLast)))
        ctx.fail(`its ${slope.data.length} slopes [${slope.dims.join(', ')}] are not one per channel`)
      // tfjs keeps the slope in the input's per-sample rank, shared axes as 1
      const shape = x.shape.map((d, i) => (perChannel && i === x.shape.length - 1 ? d : 1))
      return { params: { perChannel }, weights: { alpha: { data: slope.data, shape } } }
    },
  },
})

export const elu = defineLayer({
  kind: 'ELU',
  category: 'activation',
  doc: {
    formula: String.raw`y = \begin{cases} x & x > 0 \\ \alpha\,(e^{x} - 1) & x \le 0 \end{cases}`,
    en: 'Identity for positive inputs; negative inputs curve smoothly towards −alpha. The negative outputs pull mean activations closer to zero, which can speed up learning. Element-wise, shape unchanged, no parameters.',
    zh: '正数输入保持不变；负数输入平滑地趋近 −alpha。负的输出让激活的均值更接近 0，可以加快学习。逐元素计算，形状不变，没有参数。',
  },
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
  fromOnnx: { ops: ['Elu'], recognise: (ctx) => ({ params: { alpha: ctx.float('alpha', 1) } }) },
})

export const softmax = defineLayer({
  kind: 'Softmax',
  category: 'activation',
  doc: {
    formula: String.raw`y_i = \frac{e^{x_i}}{\sum_{j} e^{x_j}}`,
    en: 'Turns the scores on the last axis into positive numbers that add up to 1, one probability per class; bigger scores get exponentially more of the share. The shape is unchanged and there are no parameters.',
    zh: '把最后一个轴上的分数变成和为 1 的正数，即每个类别一个概率；分数越大，分到的份额按指数增加。形状不变，没有参数。',
  },
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
  // only over the engine's last axis; before opset 13 the axis meant "flatten from here on"
  fromOnnx: {
    ops: ['Softmax'],
    recognise: (ctx) => {
      const x = ctx.input(0)
      const onnxRank = x.layout === 'gap' ? 4 : x.shape.length + 1
      const axis = ctx.int('axis', ctx.opset >= 13 ? -1 : 1)
      const a = axis < 0 ? onnxRank + axis : axis
      const last = x.layout === 'cl' || x.layout === 'cfflat' ? a === onnxRank - 1 : a === 1
      if (!last || (ctx.opset < 13 && a !== onnxRank - 1))
        ctx.fail(`softmax over axis ${axis} is not over the channels, the only axis the Softmax layer uses`)
      return { params: {} }
    },
  },
})
