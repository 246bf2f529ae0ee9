import { bool, choice, int } from './params'
import { weightedArgs } from './init'
import { activation, call, onLastAxis } from '../export/pytorch/syntax'
import { ShapeError, defineLayer } from './types'
import { convOp, fusedActivation } from '../export/onnx/emit'
import { isChannelsFirst, permuted } from '../export/onnx/layout'

export const ACTIVATIONS = [
  'linear',
  'relu',
  'sigmoid',
  'tanh',
  'softmax',
  'elu',
  'selu',
  'gelu',
  'swish',
] as const

export const dense = defineLayer({
  kind: 'Dense',
  category: 'core',
  doc: {
    formula: String.raw`y = \sigma(x W + b),\quad W \in \mathbb{R}^{d_{\text{in}} \times u},\ b \in \mathbb{R}^{u}`,
    en: 'A fully connected layer: each of the units outputs is a weighted sum of every input feature plus a bias, optionally passed through an activation σ. It works on the last axis, so [..., d_in] becomes [..., units]. It learns d_in·units weights, plus units biases when useBias is on.',
    zh: '全连接层：units 个输出中的每一个，都是全部输入特征的加权和加上偏置，可再经过激活函数 σ。它作用在最后一个轴上，[..., d_in] 变成 [..., units]。可学习参数是 d_in·units 个权重，useBias 打开时再加 units 个偏置。',
  },
  inputs: [1, 1],
  params: {
    units: int({ min: 1, default: 64 }),
    activation: choice(ACTIVATIONS, 'linear'),
    useBias: bool(true),
  },
  outputShape: (p, [x]) => {
    if (x.length === 0) throw new ShapeError('Dense needs an input with at least one axis')
    return [...x.slice(0, -1), p.units]
  },
  trainableParams: (p, [x]) => x.at(-1)! * p.units + (p.useBias ? p.units : 0),
  macs: (p, [x]) => (x.reduce((a, b) => a * b, 1) / x.at(-1)!) * x.at(-1)! * p.units,
  toPytorch: (p, io) => {
    const [x] = io.in
    const linear = onLastAxis(io.args[0], x, io.out, (v) => `${io.self}(${v})`)
    return {
      module: call('nn.Linear', [x.at(-1)!, p.units], { bias: p.useBias ? undefined : 'False' }),
      forward: activation(linear, p.activation, io.out),
      // Keras keeps the kernel as [in, out], nn.Linear as [out, in]
      weights: [
        { tfjs: 'kernel', torch: 'weight', perm: [1, 0] },
        ...(p.useBias ? [{ tfjs: 'bias', torch: 'bias' }] : []),
      ],
    }
  },
  toTfjs: (p, ctx) => {
    // tfjs' softmax *activation* works on the last axis (unlike its Softmax layer's default of 1)
    const layer = ctx.tf.layers.dense({
      ...weightedArgs(ctx, '', ctx.inputShapes[0].at(-1)),
      units: p.units,
      useBias: p.useBias,
      activation: p.activation,
    })
    return ([x]) => layer.apply(x) as typeof x
  },
  toOnnx: (p, ctx) => {
    const [x] = ctx.inputs
    const shape = ctx.inputShapes[0]
    const kernel = ctx.weight('kernel')
    const bias = p.useBias ? ctx.weight('bias') : null
    let y: string
    // the kernel acts on the channel axis: Gemm for vectors, a 1×1 Conv for NCHW images, else MatMul
    if (shape.length === 1) {
      const w = ctx.constant('weight', kernel.data, kernel.shape)
      y = ctx.op('Gemm', bias ? [x, w, ctx.constant('bias', bias.data, bias.shape)] : [x, w])
    } else if (isChannelsFirst(shape)) {
      const w = permuted(kernel, [1, 0], [p.units, shape[2], 1, 1])
      y = convOp(ctx, 'Conv', x, w, bias, { kernel_shape: [1, 1] })
    } else {
      y = ctx.op('MatMul', [x, ctx.constant('weight', kernel.data, kernel.shape)])
      if (bias) y = ctx.op('Add', [y, ctx.constant('bias', bias.data, bias.shape)])
    }
    return fusedActivation(ctx, y, p.activation)
  },
})
