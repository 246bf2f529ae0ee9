import { bool, choice, int } from './params'
import { weightedArgs } from './init'
import { activation, call, onLastAxis } from '../export/pytorch/syntax'
import { ShapeError, defineLayer } from './types'
import { convOp, fusedActivation } from '../export/onnx/emit'
import { isChannelsFirst, permuted } from '../export/onnx/layout'
import { asWeight, constantInput, denseKernel } from '../import/onnx/convert'
import type { OnnxImportContext, Recognised } from '../import/onnx/types'

/** Gemm (PyTorch's nn.Linear: B transposed, C the bias), alpha and beta folded into the weights. */
function fromGemm(ctx: OnnxImportContext): Recognised {
  if (ctx.int('transA', 0) !== 0) ctx.fail('transA=1 (a transposed input) has no Dense equivalent')
  const b = constantInput(ctx, 1, 'weight', 2)
  const alpha = ctx.float('alpha', 1)
  let kernel = ctx.int('transB', 0) ? permuted(asWeight(b), [1, 0]) : asWeight(b)
  if (alpha !== 1) kernel = { ...kernel, data: kernel.data.map((v) => v * alpha) }
  const units = kernel.shape[1]
  const c = ctx.node.inputs[2] ? constantInput(ctx, 2, 'bias') : null
  if (c && c.data.length !== units) ctx.fail(`its bias has ${c.data.length} values for ${units} units`)
  const beta = ctx.float('beta', 1)
  const bias = c && { data: c.data.map((v) => v * beta), shape: [units] }
  return {
    params: { units, useBias: bias !== null },
    weights: { kernel: denseKernel(ctx, kernel), ...(bias && { bias }) },
    layout: 'cl',
  }
}

/** MatMul by a constant [in, out], with the Add of a constant [out] after it as the bias. */
function fromMatMul(ctx: OnnxImportContext): Recognised | null {
  if (!ctx.isConstant(1) || ctx.isConstant(0)) return null
  const kernel = asWeight(constantInput(ctx, 1, 'weight', 2))
  const units = kernel.shape[1]
  const next = ctx.soleConsumer()
  const other = next?.op === 'Add' ? next.inputs.find((i) => i !== ctx.node.outputs[0]) : undefined
  const bias = other !== undefined ? ctx.constantByName(other) : null
  const fused = bias && bias.data.length === units && bias.dims.length <= 1 ? [next!] : []
  return {
    params: { units, useBias: fused.length > 0 },
    weights: {
      kernel: denseKernel(ctx, kernel),
      ...(fused.length && { bias: { data: bias!.data, shape: [units] } }),
    },
    fused,
    layout: 'cl',
  }
}

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
  fromOnnx: {
    ops: ['Gemm', 'MatMul'],
    recognise: (ctx) => (ctx.node.op === 'Gemm' ? fromGemm(ctx) : fromMatMul(ctx)),
  },
})
