/**
 * Pooling and upsampling. Pool sizes follow the conv rules in util.ts: TF's 'same'/'valid', or
 * PyTorch's explicit pad (ceil_mode=False). Strides 0 means "same as the pool size", PyTorch's
 * `stride=None`, so changing the pool size keeps the usual non-overlapping windows.
 */
import { customLayers } from './custom'
import { zeroPad2d, IMAGE } from './conv'
import { baseArgs } from './init'
import { choice, pair, padding, pairOf, type PairSpec } from './params'
import { ShapeError, defineLayer, type Shape, type SymbolicTensor } from './types'
import { chain, expectRank, explicitPad, fmt, slide, tfPadding, type Padding } from './util'

const poolParams = {
  poolSize: pairOf({ default: 2, min: 1 }),
  /** 0 on an axis = that axis' pool size */
  strides: pairOf({ default: 0, min: 0 }),
  padding: padding('valid'),
}

type PoolValues = { poolSize: PairSpec['default']; strides: PairSpec['default']; padding: Padding }

const poolStrides = (p: PoolValues): [number, number] => {
  const k = pair(p.poolSize)
  const s = pair(p.strides)
  return [s[0] || k[0], s[1] || k[1]]
}

function poolShape(kind: string, p: PoolValues, x: Shape): Shape {
  expectRank(kind, x, 3, IMAGE)
  const k = pair(p.poolSize)
  const pad = explicitPad(p.padding)
  // PyTorch refuses larger pads: a window lying entirely in the padding would have nothing to pool
  if (k.some((ki) => pad > Math.floor(ki / 2)))
    throw new ShapeError(`${kind} padding ${pad} must be at most half the pool size ${fmt(k)}`)
  return [...slide('pool', x.slice(0, 2), k, poolStrides(p), p.padding), x[2]]
}

export const maxPool2d = defineLayer({
  kind: 'MaxPool2D',
  category: 'pool',
  inputs: [1, 1],
  params: poolParams,
  outputShape: (p, [x]) => poolShape('MaxPool2D', p, x),
  trainableParams: () => 0,
  toTfjs: (p, ctx) => {
    const pad = explicitPad(p.padding)
    // PyTorch pads max pooling with −∞, so a zero pad must not win over negative activations
    const padLayer =
      pad > 0
        ? new (customLayers(ctx.tf).ConstantPad)({
            ...baseArgs(ctx, '_pad'),
            pads: [
              [pad, pad],
              [pad, pad],
            ],
            fill: 'min',
          })
        : null
    const pool = ctx.tf.layers.maxPooling2d({
      ...baseArgs(ctx),
      poolSize: pair(p.poolSize),
      strides: poolStrides(p),
      padding: tfPadding(p.padding),
    })
    return chain(padLayer, pool)
  },
})

export const avgPool2d = defineLayer({
  kind: 'AvgPool2D',
  category: 'pool',
  inputs: [1, 1],
  params: poolParams,
  outputShape: (p, [x]) => poolShape('AvgPool2D', p, x),
  trainableParams: () => 0,
  // zeros counted in the average = PyTorch's default count_include_pad=True; TF's 'same' instead
  // averages over the real pixels only
  toTfjs: (p, ctx) =>
    chain(
      zeroPad2d(ctx, p.padding),
      ctx.tf.layers.averagePooling2d({
        ...baseArgs(ctx),
        poolSize: pair(p.poolSize),
        strides: poolStrides(p),
        padding: tfPadding(p.padding),
      }),
    ),
})

function globalShape(kind: string, x: Shape): Shape {
  if (x.length !== 2 && x.length !== 3)
    throw new ShapeError(`${kind} needs ${IMAGE} or a sequence [T, C], but its input is [${fmt(x)}]`)
  return [x.at(-1)!]
}

/** Over H, W of an image ([H, W, C] → [C]), or over T of a sequence ([T, C] → [C]). */
export const globalAvgPool = defineLayer({
  kind: 'GlobalAvgPool',
  category: 'pool',
  inputs: [1, 1],
  params: {},
  outputShape: (_p, [x]) => globalShape('GlobalAvgPool', x),
  trainableParams: () => 0,
  toTfjs: (_p, ctx) => (inputs) => {
    const x = inputs[0]
    const layer =
      x.shape.length === 3
        ? ctx.tf.layers.globalAveragePooling1d(baseArgs(ctx))
        : ctx.tf.layers.globalAveragePooling2d(baseArgs(ctx))
    return layer.apply(x) as SymbolicTensor
  },
})

export const globalMaxPool = defineLayer({
  kind: 'GlobalMaxPool',
  category: 'pool',
  inputs: [1, 1],
  params: {},
  outputShape: (_p, [x]) => globalShape('GlobalMaxPool', x),
  trainableParams: () => 0,
  toTfjs: (_p, ctx) => (inputs) => {
    const x = inputs[0]
    const layer =
      x.shape.length === 3
        ? ctx.tf.layers.globalMaxPooling1d(baseArgs(ctx))
        : ctx.tf.layers.globalMaxPooling2d(baseArgs(ctx))
    return layer.apply(x) as SymbolicTensor
  },
})

export const upSampling2d = defineLayer({
  kind: 'UpSampling2D',
  category: 'pool',
  inputs: [1, 1],
  params: {
    size: pairOf({ default: 2, min: 1 }),
    interpolation: choice(['nearest', 'bilinear'] as const, 'nearest'),
  },
  outputShape: (p, [x]) => {
    expectRank('UpSampling2D', x, 3, IMAGE)
    const [sh, sw] = pair(p.size)
    return [x[0] * sh, x[1] * sw, x[2]]
  },
  trainableParams: () => 0,
  // tfjs' bilinear mode resizes without half-pixel centres, so it differs slightly at the borders
  // from PyTorch's Upsample(mode='bilinear', align_corners=False) and Keras 2's UpSampling2D
  toTfjs: (p, ctx) =>
    chain(
      ctx.tf.layers.upSampling2d({ ...baseArgs(ctx), size: pair(p.size), interpolation: p.interpolation }),
    ),
})
