/**
 * Convolutions. Weights count as in PyTorch (kernel + one bias per output channel). Padding is
 * 'same' and 'valid' as TensorFlow defines them, or an explicit symmetric pad as PyTorch's
 * `padding=k`, built as a padding layer in front of a 'valid' convolution. tfjs has no `groups`,
 * so grouped convolutions other than depthwise (see depthwise.ts) are not offered.
 */
import { ACTIVATIONS } from './dense'
import { customLayers } from './custom'
import { baseArgs, weightedArgs } from './init'
import { bool, choice, int, pair, padding, pairOf } from './params'
import { ShapeError, defineLayer, type Shape, type TfjsContext } from './types'
import {
  activation as pyActivation,
  call,
  convKwargs,
  kernelAndBias,
  pySize,
  torchPadding,
  transposePadding,
} from '../export/pytorch/syntax'
import {
  chain,
  checkStrideDilation,
  expectRank,
  explicitPad,
  fmt,
  slide,
  tfPadding,
  type Padding,
} from './util'
import {
  activation as onnxActivation,
  convOp,
  fusedActivation,
  oihw,
  transposePads,
} from '../export/onnx/emit'
import { permuted, windowPads } from '../export/onnx/layout'
import { convNode, hwio, pairParam } from '../import/onnx/convert'
import { convTransposeFromOnnx } from './conv-transpose-onnx'

export const IMAGE = 'an image-like input [H, W, C]'

/** Output H, W of a 2D sliding window, with the rank and tfjs stride/dilation checks. */
export function spatial2d(
  kind: string,
  x: Shape,
  k: number | [number, number],
  s: number | [number, number],
  pad: Padding,
  d: number | [number, number] = 1,
): number[] {
  expectRank(kind, x, 3, IMAGE)
  checkStrideDilation(kind, pair(s), pair(d))
  return slide('kernel', x.slice(0, 2), pair(k), pair(s), pad, pair(d))
}

/** PyTorch-style explicit padding for a 2D layer: ZeroPadding2D in front, or nothing. */
export function zeroPad2d(ctx: TfjsContext, pad: Padding) {
  const p = explicitPad(pad)
  return p > 0
    ? ctx.tf.layers.zeroPadding2d({
        ...baseArgs(ctx, '_pad'),
        padding: [
          [p, p],
          [p, p],
        ],
      })
    : null
}

const activation = choice(ACTIVATIONS, 'linear')

/** The parameters every 2-D convolution shares (SeparableConv2D adds a depth multiplier). */
export const conv2dParams = {
  filters: int({ default: 32, min: 1 }),
  kernelSize: pairOf({ default: 3, min: 1 }),
  strides: pairOf({ default: 1, min: 1 }),
  padding: padding('valid'),
  dilation: pairOf({ default: 1, min: 1 }),
  activation,
  useBias: bool(true),
}

/** Positions in a 2-D kernel. */
const area = (kernel: Parameters<typeof pair>[0]) => {
  const [kh, kw] = pair(kernel)
  return kh * kw
}

export const conv1d = defineLayer({
  kind: 'Conv1D',
  category: 'conv',
  doc: {
    formula: String.raw`y_{t,o} = b_o + \sum_{k=0}^{K-1} \sum_{c} w_{k,c,o}\, x_{s t + d k,\, c}`,
    en: "Slides filters kernels, each kernelSize (K) steps long, along a sequence [L, C]; each kernel yields one output channel. With stride s, dilation d and padding p the length becomes ⌊(L + 2p − d(K−1) − 1)/s⌋ + 1 ('same' gives ⌈L/s⌉), so the output is [L', filters]. It learns K·C·filters weights plus filters biases.",
    zh: "让 filters 个长度为 kernelSize（K）的卷积核沿序列 [L, C] 滑动，每个卷积核产生一个输出通道。步幅 s、膨胀 d、填充 p 时，长度变为 ⌊(L + 2p − d(K−1) − 1)/s⌋ + 1（'same' 时为 ⌈L/s⌉），输出为 [L', filters]。可学习参数为 K·C·filters 个权重加 filters 个偏置。",
  },
  inputs: [1, 1],
  params: {
    filters: int({ default: 32, min: 1 }),
    kernelSize: int({ default: 3, min: 1 }),
    strides: int({ default: 1, min: 1 }),
    padding: padding('valid'),
    dilation: int({ default: 1, min: 1 }),
    activation,
    useBias: bool(true),
  },
  outputShape: (p, [x]) => {
    expectRank('Conv1D', x, 2, 'a sequence input [T, C]')
    checkStrideDilation('Conv1D', [p.strides], [p.dilation])
    return [...slide('kernel', [x[0]], [p.kernelSize], [p.strides], p.padding, [p.dilation]), p.filters]
  },
  trainableParams: (p, [x]) => p.kernelSize * x[1] * p.filters + (p.useBias ? p.filters : 0),
  macs: (p, [x], out) => out[0] * p.filters * p.kernelSize * x[1],
  // [N, T, C] sequences become nn.Conv1d's [N, C, T] and back
  toPytorch: (p, io) => {
    const [x] = io.in
    const pad = torchPadding(p.padding, [x[0]], [p.kernelSize], [p.strides], [p.dilation])
    const conv = `${io.self}(${pad.wrap(`${io.args[0]}.transpose(1, 2)`)}).transpose(1, 2)`
    return {
      module: call(
        'nn.Conv1d',
        [x[1], p.filters, p.kernelSize],
        convKwargs([p.strides], pad.padding, [p.dilation], p.useBias),
      ),
      forward: pyActivation(conv, p.activation, io.out),
      weights: kernelAndBias(p.useBias, [2, 1, 0]),
    }
  },
  toTfjs: (p, ctx) => {
    const pad = explicitPad(p.padding)
    // tfjs has no ZeroPadding1D
    const padLayer =
      pad > 0
        ? new (customLayers(ctx.tf).ConstantPad)({
            ...baseArgs(ctx, '_pad'),
            pads: [[pad, pad]],
            fill: 'zero',
          })
        : null
    const conv = ctx.tf.layers.conv1d({
      ...weightedArgs(ctx, '', ctx.inputShapes[0].at(-1)! * p.kernelSize),
      filters: p.filters,
      kernelSize: p.kernelSize,
      strides: p.strides,
      padding: tfPadding(p.padding),
      dilationRate: p.dilation,
      activation: p.activation,
      useBias: p.useBias,
    })
    return chain(padLayer, conv)
  },
  toOnnx: (p, ctx) => {
    // [N, T, C] → [N, C, T] for ONNX's Conv and back; the transposes fold between stacked Conv1Ds
    const x = ctx.transpose(ctx.inputs[0], [0, 2, 1])
    const y = convOp(ctx, 'Conv', x, oihw(ctx.weight('kernel')), p.useBias ? ctx.weight('bias') : null, {
      kernel_shape: [p.kernelSize],
      strides: [p.strides],
      dilations: [p.dilation],
      pads: windowPads(p.padding, [ctx.inputShapes[0][0]], [p.kernelSize], [p.strides], [p.dilation]),
    })
    return ctx.transpose(onnxActivation(ctx, y, p.activation, 1), [0, 2, 1])
  },
})

export const conv2d = defineLayer({
  kind: 'Conv2D',
  category: 'conv',
  doc: {
    formula: String.raw`y_{i,j,o} = b_o + \sum_{u,v,c} w_{u,v,c,o}\, x_{s i + d u,\, s j + d v,\, c}`,
    en: "Each of the filters kernels (k_h×k_w×C) slides over the image and takes a weighted sum at every position, so neighbouring pixels are combined with weights shared across the image. The height becomes ⌊(H + 2p − d(k_h−1) − 1)/s⌋ + 1 (the width likewise; 'same' gives ⌈H/s⌉) and the channels become filters. It learns k_h·k_w·C·filters weights plus filters biases.",
    zh: "filters 个大小为 k_h×k_w×C 的卷积核在图像上滑动，在每个位置计算加权和，于是相邻像素以在整幅图上共享的权重组合起来。高度变为 ⌊(H + 2p − d(k_h−1) − 1)/s⌋ + 1（宽度同理；'same' 时为 ⌈H/s⌉），通道数变为 filters。可学习参数为 k_h·k_w·C·filters 个权重加 filters 个偏置。",
  },
  inputs: [1, 1],
  params: conv2dParams,
  outputShape: (p, [x]) => [
    ...spatial2d('Conv2D', x, p.kernelSize, p.strides, p.padding, p.dilation),
    p.filters,
  ],
  trainableParams: (p, [x]) => {
    const [kh, kw] = pair(p.kernelSize)
    return kh * kw * x[2] * p.filters + (p.useBias ? p.filters : 0)
  },
  macs: (p, [x], out) => {
    const [kh, kw] = pair(p.kernelSize)
    return out[0] * out[1] * p.filters * kh * kw * x[2]
  },
  toPytorch: (p, io) => {
    const [x] = io.in
    const [k, s, d] = [pair(p.kernelSize), pair(p.strides), pair(p.dilation)]
    const pad = torchPadding(p.padding, x.slice(0, 2), k, s, d)
    return {
      module: call('nn.Conv2d', [x[2], p.filters, pySize(k)], convKwargs(s, pad.padding, d, p.useBias)),
      forward: pyActivation(`${io.self}(${pad.wrap(io.args[0])})`, p.activation, io.out),
      weights: kernelAndBias(p.useBias, [3, 2, 0, 1]),
    }
  },
  toTfjs: (p, ctx) =>
    chain(
      zeroPad2d(ctx, p.padding),
      ctx.tf.layers.conv2d({
        ...weightedArgs(ctx, '', ctx.inputShapes[0].at(-1)! * area(p.kernelSize)),
        filters: p.filters,
        kernelSize: pair(p.kernelSize),
        strides: pair(p.strides),
        padding: tfPadding(p.padding),
        dilationRate: pair(p.dilation),
        activation: p.activation,
        useBias: p.useBias,
      }),
    ),
  toOnnx: (p, ctx) => {
    const [k, s, d] = [pair(p.kernelSize), pair(p.strides), pair(p.dilation)]
    const bias = p.useBias ? ctx.weight('bias') : null
    const y = convOp(ctx, 'Conv', ctx.inputs[0], oihw(ctx.weight('kernel')), bias, {
      kernel_shape: k,
      strides: s,
      dilations: d,
      pads: windowPads(p.padding, ctx.inputShapes[0].slice(0, 2), k, s, d),
    })
    return fusedActivation(ctx, y, p.activation)
  },
  // an ungrouped Conv over an image; grouped ones are DepthwiseConv2D's
  fromOnnx: {
    ops: ['Conv'],
    recognise: (ctx) => {
      if (ctx.int('group', 1) !== 1) return null
      const { w, d, window, bias } = convNode(ctx)
      return {
        params: { filters: w.dims[0], ...window, dilation: pairParam(d) },
        weights: { kernel: hwio(w), ...bias },
      }
    },
  },
})

/**
 * Transposed convolution sizes. tfjs gives in·s for 'same' and in·s + max(k − s, 0) for 'valid';
 * PyTorch's explicit pad gives (in − 1)·s + k − 2p. The explicit case is built as a 'valid'
 * transposed conv followed by Cropping2D: p from the top/left and p + max(s − k, 0) from the
 * bottom/right, because tfjs' 'valid' output carries max(s − k, 0) extra trailing rows (bias only)
 * that PyTorch does not produce. PyTorch's output_padding (`outputPadding`, with an explicit pad
 * only) gives rows back at the bottom/right: the crop there is that much smaller. No dilation:
 * tfjs' Conv2DTranspose has none.
 */
export function transposeSizes(
  x: Shape,
  k: [number, number],
  s: [number, number],
  pad: Padding,
  outputPadding = 0,
): number[] {
  expectRank('Conv2DTranspose', x, 3, IMAGE)
  const hw = x.slice(0, 2)
  if (outputPadding && typeof pad !== 'number')
    throw new ShapeError(
      `Conv2DTranspose outputPadding ${outputPadding} needs an explicit padding (a number), not '${pad}'`,
    )
  if (pad === 'same') return hw.map((n, i) => n * s[i])
  if (pad === 'valid') return hw.map((n, i) => n * s[i] + Math.max(k[i] - s[i], 0))
  if (outputPadding && transposeCrop(k, s, pad, outputPadding).some(([, end]) => end < 0))
    throw new ShapeError(
      `Conv2DTranspose outputPadding ${outputPadding} is more than padding ${pad} can give back with kernel ${fmt(k)} and stride ${fmt(s)}`,
    )
  const full = hw.map((n, i) => (n - 1) * s[i] + k[i])
  const out = full.map((n) => n - 2 * pad + outputPadding)
  if (out.some((n) => n < 1))
    throw new ShapeError(
      `Conv2DTranspose padding ${pad} crops away the whole output: kernel ${fmt(k)} with stride ${fmt(s)} ` +
        `makes ${fmt(full)} before ${pad} is cut from each side`,
    )
  return out
}

/** What the Cropping2D after tfjs' 'valid' transposed convolution cuts: [start, end] per axis. */
const transposeCrop = (k: number[], s: number[], pad: number, outputPadding: number) =>
  [0, 1].map((i): [number, number] => [pad, pad + Math.max(s[i] - k[i], 0) - outputPadding])

export const conv2dTranspose = defineLayer({
  kind: 'Conv2DTranspose',
  category: 'conv',
  doc: {
    formula: String.raw`y = \sum_{i,j} x_{i,j}\, W \text{ placed at } (s i,\, s j),\quad H^{\prime} = s H + \max(k - s, 0)`,
    en: "Runs a convolution backwards: every input pixel stamps a weighted copy of the kernel into the output, with copies placed stride apart and overlaps summed. It enlarges feature maps, as decoders and segmentation networks need. With 'valid' padding H' = s·H + max(k − s, 0), with 'same' H' = s·H, with an explicit padding p H' = (H − 1)·s + k − 2p, plus outputPadding rows at the bottom/right (PyTorch's output_padding); channels become filters. With the bilinear initialiser, kernel 2s and padding s/2 it starts out as bilinear upsampling by s, as the last layer of the course's FCN (stride 32, kernel 64, padding 16) does.",
    zh: "把卷积反过来做：每个输入像素把按其数值加权的卷积核副本印到输出上，副本之间相隔 stride，重叠处相加。它能放大特征图，解码器和分割网络需要它。'valid' 填充时 H' = s·H + max(k − s, 0)，'same' 时 H' = s·H，显式填充 p 时 H' = (H − 1)·s + k − 2p，再在下方/右侧加上 outputPadding 行（即 PyTorch 的 output_padding）；通道数变为 filters。选用双线性初始化、核大小 2s、填充 s/2 时，它一开始就是按 s 倍的双线性上采样，课程中 FCN 的最后一层（步幅 32、核 64、填充 16）正是如此。",
  },
  inputs: [1, 1],
  params: {
    filters: int({ default: 32, min: 1 }),
    kernelSize: pairOf({ default: 3, min: 1 }),
    strides: pairOf({ default: 1, min: 1 }),
    padding: padding('valid'),
    /** Rows/columns given back at the bottom/right with an explicit padding (PyTorch's output_padding). */
    outputPadding: int({ default: 0, min: 0 }),
    activation,
    useBias: bool(true),
  },
  outputShape: (p, [x]) => [
    ...transposeSizes(x, pair(p.kernelSize), pair(p.strides), p.padding, p.outputPadding),
    p.filters,
  ],
  trainableParams: (p, [x]) => {
    const [kh, kw] = pair(p.kernelSize)
    return kh * kw * x[2] * p.filters + (p.useBias ? p.filters : 0)
  },
  toPytorch: (p, io) => {
    const [x] = io.in
    const [k, s] = [pair(p.kernelSize), pair(p.strides)]
    const t = transposePadding(p.padding, x.slice(0, 2), k, s, io.out.slice(0, 2), p.outputPadding)
    const kw = convKwargs(s, t.padding, [1], p.useBias, { output_padding: t.outputPadding })
    return {
      module: call('nn.ConvTranspose2d', [x[2], p.filters, pySize(k)], kw),
      forward: pyActivation(`${io.self}(${io.args[0]})${t.slice ?? ''}`, p.activation, io.out),
      comment:
        t.slice && "TF's 'same' crops the odd extra row/column at the end; PyTorch's padding crops evenly",
      // tfjs' [kh, kw, out, in] kernel as ConvTranspose2d's [in, out, kh, kw]
      weights: kernelAndBias(p.useBias, [3, 2, 0, 1]),
    }
  },
  // every input position is scattered through the whole kernel
  macs: (p, [x]) => {
    const [kh, kw] = pair(p.kernelSize)
    return x[0] * x[1] * x[2] * kh * kw * p.filters
  },
  toTfjs: (p, ctx) => {
    const k = pair(p.kernelSize)
    const s = pair(p.strides)
    // PyTorch's transposed weight is [in, out, kh, kw]: its fan-in counts the outputs
    const deconv = ctx.tf.layers.conv2dTranspose({
      ...weightedArgs(ctx, '', p.filters * area(p.kernelSize)),
      filters: p.filters,
      kernelSize: k,
      strides: s,
      padding: tfPadding(p.padding),
      activation: p.activation,
      useBias: p.useBias,
    })
    if (typeof p.padding !== 'number') return chain(deconv)
    const crop = transposeCrop(k, s, p.padding, p.outputPadding)
    const cropping = crop.some(([a, b]) => a + b > 0)
      ? ctx.tf.layers.cropping2D({ ...baseArgs(ctx, '_crop'), cropping: [crop[0], crop[1]] })
      : null
    return chain(deconv, cropping)
  },
  toOnnx: (p, ctx) => {
    const [k, s] = [pair(p.kernelSize), pair(p.strides)]
    // tfjs' [kh, kw, out, in] kernel as ConvTranspose's [in, out, kh, kw]
    const w = permuted(ctx.weight('kernel'), [3, 2, 0, 1])
    const y = convOp(ctx, 'ConvTranspose', ctx.inputs[0], w, p.useBias ? ctx.weight('bias') : null, {
      kernel_shape: k,
      strides: s,
      ...transposePads(p.padding, k, s),
      ...(p.outputPadding ? { output_padding: [p.outputPadding, p.outputPadding] } : {}),
    })
    return fusedActivation(ctx, y, p.activation)
  },
  fromOnnx: { ops: ['ConvTranspose'], recognise: convTransposeFromOnnx },
})
