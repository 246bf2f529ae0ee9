/**
 * Depthwise and depthwise-separable convolutions (MobileNet, Xception). In PyTorch terms:
 * DepthwiseConv2D is Conv2d(C, C·m, k, groups=C); SeparableConv2D is that without bias followed
 * by a 1×1 Conv2d(C·m, filters) with bias, which is also how Keras places its single bias.
 */
import { ACTIVATIONS } from './dense'
import { baseArgs, kernelInit } from './init'
import { bool, choice, int, pair, padding, pairOf } from './params'
import { defineLayer } from './types'
import { conv2dParams, spatial2d, zeroPad2d } from './conv'
import { chain, tfPadding } from './util'
import { activation, call, convKwargs, pySize, torchPadding } from '../export/pytorch/syntax'
import { convOp, depthwiseKernel, fusedActivation, oihw } from '../export/onnx/emit'
import { windowPads } from '../export/onnx/layout'
import { convNode, depthwiseHwcm } from '../import/onnx/convert'

export const depthwiseConv2d = defineLayer({
  kind: 'DepthwiseConv2D',
  category: 'conv',
  doc: {
    formula: String.raw`y_{i,j,(c,m)} = \sum_{u,v} w_{u,v,c,m}\, x_{s i + u,\, s j + v,\, c}`,
    en: "Filters every input channel on its own with depthMultiplier (m) kernels, instead of mixing channels as Conv2D does. The spatial size follows the Conv2D rule and the channels become C·m, so [H, W, C] becomes [H', W', C·m]. It needs only k_h·k_w·C·m weights.",
    zh: "对每个输入通道单独用 depthMultiplier（m）个卷积核滤波，而不像 Conv2D 那样混合各通道。空间尺寸按 Conv2D 的规则计算，通道数变为 C·m，所以 [H, W, C] 变成 [H', W', C·m]。只需要 k_h·k_w·C·m 个权重。",
  },
  inputs: [1, 1],
  params: {
    kernelSize: pairOf({ default: 3, min: 1 }),
    strides: pairOf({ default: 1, min: 1 }),
    padding: padding('valid'),
    depthMultiplier: int({ default: 1, min: 1 }),
    activation: choice(ACTIVATIONS, 'linear'),
    useBias: bool(true),
  },
  // no dilation: tfjs' DepthwiseConv2D layer ignores its dilationRate (a TODO in tfjs 4.22)
  outputShape: (p, [x]) => [
    ...spatial2d('DepthwiseConv2D', x, p.kernelSize, p.strides, p.padding),
    x[2] * p.depthMultiplier,
  ],
  trainableParams: (p, [x]) => {
    const [kh, kw] = pair(p.kernelSize)
    const out = x[2] * p.depthMultiplier
    return kh * kw * out + (p.useBias ? out : 0)
  },
  macs: (p, _x, out) => {
    const [kh, kw] = pair(p.kernelSize)
    return out[0] * out[1] * out[2] * kh * kw
  },
  toPytorch: (p, io) => {
    const [x] = io.in
    const [k, s] = [pair(p.kernelSize), pair(p.strides)]
    const [c, out] = [x[2], x[2] * p.depthMultiplier]
    const pad = torchPadding(p.padding, x.slice(0, 2), k, s)
    const kw = convKwargs(s, pad.padding, [1], p.useBias, { groups: String(c) })
    return {
      module: call('nn.Conv2d', [c, out, pySize(k)], kw),
      forward: activation(`${io.self}(${pad.wrap(io.args[0])})`, p.activation, io.out),
      // Keras' [kh, kw, C, m] holds output channel c·m + j at [.., c, j], the order groups=C uses
      weights: [
        { tfjs: 'depthwise_kernel', torch: 'weight', perm: [2, 3, 0, 1], shape: [out, 1, k[0], k[1]] },
        ...(p.useBias ? [{ tfjs: 'bias', torch: 'bias' }] : []),
      ],
    }
  },
  toTfjs: (p, ctx) =>
    chain(
      zeroPad2d(ctx, p.padding),
      ctx.tf.layers.depthwiseConv2d({
        ...baseArgs(ctx),
        depthwiseInitializer: kernelInit(ctx),
        kernelSize: pair(p.kernelSize),
        strides: pair(p.strides),
        padding: tfPadding(p.padding),
        depthMultiplier: p.depthMultiplier,
        activation: p.activation,
        useBias: p.useBias,
      }),
    ),
  toOnnx: (p, ctx) => {
    const [k, s] = [pair(p.kernelSize), pair(p.strides)]
    const w = depthwiseKernel(ctx.weight('depthwise_kernel'))
    const pads = windowPads(p.padding, ctx.inputShapes[0].slice(0, 2), k, s)
    const attrs = { group: ctx.inputShapes[0][2], kernel_shape: k, strides: s, pads }
    const y = convOp(ctx, 'Conv', ctx.inputs[0], w, p.useBias ? ctx.weight('bias') : null, attrs)
    return fusedActivation(ctx, y, p.activation)
  },
  // a Conv with one group per input channel (PyTorch's groups=C); other group counts have no layer
  fromOnnx: {
    ops: ['Conv'],
    recognise: (ctx) => {
      const groups = ctx.int('group', 1)
      if (groups === 1) return null
      const { x, w, d, window, bias } = convNode(ctx)
      const c = x[2]
      if (groups !== c)
        ctx.fail(
          `a grouped convolution of ${groups} groups over ${c} channels has no Deepwire layer yet (only groups = channels, a depthwise convolution)`,
        )
      if (w.dims[1] !== 1 || w.dims[0] % c !== 0)
        ctx.fail(`its weight dims [${w.dims.join(', ')}] do not fit ${c} groups`)
      if (d.some((v) => v !== 1))
        ctx.fail(`dilations [${d.join(', ')}]: the engine's depthwise convolution has no dilation`)
      return {
        params: { ...window, depthMultiplier: w.dims[0] / c },
        weights: { depthwise_kernel: depthwiseHwcm(w, c), ...bias },
      }
    },
  },
})

export const separableConv2d = defineLayer({
  kind: 'SeparableConv2D',
  category: 'conv',
  doc: {
    formula: String.raw`y = \operatorname{Conv}_{1 \times 1}\big(\operatorname{DepthwiseConv}_{k_h \times k_w}(x)\big)`,
    en: "A depthwise convolution (each channel filtered alone) followed by a 1×1 convolution that mixes the channels into filters outputs. It approximates a Conv2D with far fewer weights: k_h·k_w·C·m + C·m·filters. The output is [H', W', filters] with H', W' as in Conv2D.",
    zh: "先做深度卷积（每个通道单独滤波），再用 1×1 卷积把各通道混合成 filters 个输出。它近似一个 Conv2D，但权重少得多：k_h·k_w·C·m + C·m·filters。输出为 [H', W', filters]，H'、W' 与 Conv2D 相同。",
  },
  inputs: [1, 1],
  params: { ...conv2dParams, depthMultiplier: int({ default: 1, min: 1 }) },
  outputShape: (p, [x]) => [
    ...spatial2d('SeparableConv2D', x, p.kernelSize, p.strides, p.padding, p.dilation),
    p.filters,
  ],
  trainableParams: (p, [x]) => {
    const [kh, kw] = pair(p.kernelSize)
    const mid = x[2] * p.depthMultiplier
    return kh * kw * mid + mid * p.filters + (p.useBias ? p.filters : 0)
  },
  macs: (p, [x], out) => {
    const [kh, kw] = pair(p.kernelSize)
    const mid = x[2] * p.depthMultiplier
    return out[0] * out[1] * (mid * kh * kw + mid * p.filters)
  },
  toPytorch: (p, io) => {
    const [x] = io.in
    const [k, s, d] = [pair(p.kernelSize), pair(p.strides), pair(p.dilation)]
    const [c, mid] = [x[2], x[2] * p.depthMultiplier]
    const pad = torchPadding(p.padding, x.slice(0, 2), k, s, d)
    const kw = convKwargs(s, pad.padding, d, false, { groups: String(c) })
    const depthwise = call('nn.Conv2d', [c, mid, pySize(k)], kw)
    const pointwise = call('nn.Conv2d', [mid, p.filters, 1], convKwargs([1], undefined, [1], p.useBias))
    return {
      module: `nn.Sequential(${depthwise}, ${pointwise})`,
      forward: activation(`${io.self}(${pad.wrap(io.args[0])})`, p.activation, io.out),
      weights: [
        { tfjs: 'depthwise_kernel', torch: '0.weight', perm: [2, 3, 0, 1], shape: [mid, 1, k[0], k[1]] },
        { tfjs: 'pointwise_kernel', torch: '1.weight', perm: [3, 2, 0, 1] },
        ...(p.useBias ? [{ tfjs: 'bias', torch: '1.bias' }] : []),
      ],
    }
  },
  toTfjs: (p, ctx) =>
    chain(
      zeroPad2d(ctx, p.padding),
      ctx.tf.layers.separableConv2d({
        ...baseArgs(ctx),
        depthwiseInitializer: kernelInit(ctx),
        // a different seed, or both kernels would start from the same random stream
        pointwiseInitializer: kernelInit({ ...ctx, seed: ctx.seed + 1 }),
        filters: p.filters,
        kernelSize: pair(p.kernelSize),
        strides: pair(p.strides),
        padding: tfPadding(p.padding),
        dilationRate: pair(p.dilation),
        depthMultiplier: p.depthMultiplier,
        activation: p.activation,
        useBias: p.useBias,
      }),
    ),
  toOnnx: (p, ctx) => {
    const [k, s, d] = [pair(p.kernelSize), pair(p.strides), pair(p.dilation)]
    const dw = depthwiseKernel(ctx.weight('depthwise_kernel'))
    const pads = windowPads(p.padding, ctx.inputShapes[0].slice(0, 2), k, s, d)
    const attrs = { group: ctx.inputShapes[0][2], kernel_shape: k, strides: s, dilations: d, pads }
    const depthwise = convOp(ctx, 'Conv', ctx.inputs[0], dw, null, attrs, 'depthwise.')
    const pw = oihw(ctx.weight('pointwise_kernel'))
    const bias = p.useBias ? ctx.weight('bias') : null
    const y = convOp(ctx, 'Conv', depthwise, pw, bias, { kernel_shape: [1, 1] }, 'pointwise.')
    return fusedActivation(ctx, y, p.activation)
  },
})
