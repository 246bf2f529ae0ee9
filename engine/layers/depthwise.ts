/**
 * Depthwise and depthwise-separable convolutions (MobileNet, Xception). In PyTorch terms:
 * DepthwiseConv2D is Conv2d(C, C·m, k, groups=C); SeparableConv2D is that without bias followed
 * by a 1×1 Conv2d(C·m, filters) with bias, which is also how Keras places its single bias.
 */
import { ACTIVATIONS } from './dense'
import { baseArgs, kernelInit } from './init'
import { bool, choice, int, pair, padding, pairOf } from './params'
import { defineLayer } from './types'
import { spatial2d, zeroPad2d } from './conv'
import { chain, tfPadding } from './util'

export const depthwiseConv2d = defineLayer({
  kind: 'DepthwiseConv2D',
  category: 'conv',
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
})

export const separableConv2d = defineLayer({
  kind: 'SeparableConv2D',
  category: 'conv',
  inputs: [1, 1],
  params: {
    filters: int({ default: 32, min: 1 }),
    kernelSize: pairOf({ default: 3, min: 1 }),
    strides: pairOf({ default: 1, min: 1 }),
    padding: padding('valid'),
    dilation: pairOf({ default: 1, min: 1 }),
    depthMultiplier: int({ default: 1, min: 1 }),
    activation: choice(ACTIVATIONS, 'linear'),
    useBias: bool(true),
  },
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
})
