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
import { call, pySize, pyTuple, samePads, torchPadding } from '../export/pytorch/syntax'
import { globalPool } from '../export/onnx/emit'
import { windowPads } from '../export/onnx/layout'
import { imageInput, importPadding, pairAttr, pairParam } from '../import/onnx/convert'
import type { OnnxImportContext, Recognised } from '../import/onnx/types'

/** MaxPool / AveragePool: ONNX's strides default to 1, the engine's 0 means the window. */
function fromOnnxPool(ctx: OnnxImportContext, zerosCounted?: boolean): Recognised {
  const x = imageInput(ctx)
  const k = pairAttr(ctx, 'kernel_shape', [])
  const s = pairAttr(ctx, 'strides', [1, 1])
  if (pairAttr(ctx, 'dilations', [1, 1]).some((d) => d !== 1))
    ctx.fail('dilated pooling has no Deepwire layer')
  if (ctx.node.outputs.length > 1 && ctx.node.outputs[1])
    ctx.fail('its argmax indices output has no Deepwire layer')
  const padding = importPadding(ctx, x.slice(0, 2), k, s, [1, 1], zerosCounted)
  if (ctx.int('ceil_mode', 0)) {
    // ceil_mode only matters where a last, partial window exists
    const pad = typeof padding === 'number' ? 2 * padding : 0
    const partial = x.slice(0, 2).some((n, i) => (n + pad - k[i]) % s[i] !== 0)
    if (partial && padding !== 'same')
      ctx.fail("ceil_mode=1 adds a partial window here, which the engine's pools (floor mode) do not")
  }
  return { params: { poolSize: pairParam(k), strides: pairParam(s), padding } }
}

/**
 * PyTorch's AvgPool2d(padding=p) exports as a zero Pad, then an unpadded AveragePool: together
 * they are the engine's explicit pad, whose zeros count in the average.
 */
function fromOnnxPadPool(ctx: OnnxImportContext): Recognised | null {
  const pool = ctx.soleConsumer()
  const attr = (name: string) => pool?.attrs.get(name)?.value
  if (pool?.op !== 'AveragePool' || ctx.string('mode', 'constant') !== 'constant') return null
  const pads = ctx.ints(1) ?? ctx.ints_('pads', [])
  const fill = ctx.node.inputs[2] ? ctx.floats(2)?.data[0] : 0
  const p = pads[2]
  if (pads.length !== 8 || fill !== 0 || pads.some((v, i) => v !== (i % 4 < 2 ? 0 : p))) return null
  if (attr('auto_pad') !== undefined || (attr('pads') as number[] | undefined)?.some((v) => v !== 0))
    return null
  if (attr('ceil_mode') || (attr('dilations') as number[] | undefined)?.some((d) => d !== 1)) return null
  imageInput(ctx)
  const k = attr('kernel_shape') as number[]
  const s = (attr('strides') as number[] | undefined) ?? [1, 1]
  return { params: { poolSize: pairParam(k), strides: pairParam(s), padding: p }, fused: [pool] }
}

/** Resize by whole factors: nearest as the engine picks pixels (floor), or its corner-aligned bilinear. */
function fromOnnxResize(ctx: OnnxImportContext): Recognised {
  const [h, w, c] = imageInput(ctx)
  const sizes = ctx.ints(3)
  const scales = sizes ? [1, 1, sizes[2] / h, sizes[3] / w] : ctx.floats(2)?.data
  if (!scales || scales.length !== 4 || scales[0] !== 1 || scales[1] !== 1 || (sizes && sizes[1] !== c))
    return ctx.fail('only resizing height and width by constant factors imports')
  const size = [scales[2], scales[3]]
  if (size.some((f) => !Number.isInteger(f) || f < 1))
    ctx.fail(`scales ${size.join('×')} are not whole enlargements`)
  const mode = ctx.string('mode', 'nearest')
  const coords = ctx.string('coordinate_transformation_mode', 'half_pixel')
  const rounding = ctx.string('nearest_mode', 'round_prefer_floor')
  // for whole factors, half-pixel centres rounded to the nearest pixel pick the same pixel as floor
  const nearest =
    (coords === 'asymmetric' && rounding === 'floor') ||
    (['half_pixel', 'pytorch_half_pixel'].includes(coords) && rounding.startsWith('round_prefer'))
  if (mode === 'nearest' && nearest) return { params: { size: pairParam(size), interpolation: 'nearest' } }
  if (mode === 'linear' && coords === 'asymmetric')
    return { params: { size: pairParam(size), interpolation: 'bilinear' } }
  return ctx.fail(`${mode} resizing with ${coords} coordinates differs from the engine's UpSampling2D`)
}

/** GlobalAveragePool / GlobalMaxPool over an NCHW image: [N, C, 1, 1], the engine's vector [C]. */
function fromOnnxGlobal(ctx: OnnxImportContext): Recognised {
  imageInput(ctx)
  return { params: {}, layout: 'gap' }
}

/** ReduceMean / ReduceMax over H, W of an image (x.mean((2, 3))) or T of a sequence. */
function fromOnnxReduce(ctx: OnnxImportContext): Recognised | null {
  const x = ctx.input(0)
  const axes = ctx.ints(1) ?? ctx.ints_('axes', [])
  const keep = ctx.int('keepdims', 1) === 1
  if (x.layout === 'cf' && axes.sort().join() === '2,3') return { params: {}, layout: keep ? 'gap' : 'cl' }
  if (x.layout === 'cl' && x.shape.length === 2 && axes.join() === '1' && !keep) return { params: {} }
  return null
}

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

/** PyTorch's pools default their stride to the window. */
const torchStride = (k: number[], s: number[]) => (k.join() === s.join() ? undefined : pySize(s))

function poolShape(kind: string, p: PoolValues, x: Shape): Shape {
  expectRank(kind, x, 3, IMAGE)
  const k = pair(p.poolSize)
  const pad = explicitPad(p.padding)
  // PyTorch refuses larger pads: a window lying entirely in the padding would have nothing to pool
  if (k.some((ki) => pad > Math.floor(ki / 2)))
    throw new ShapeError(`${kind} padding ${pad} must be at most half the pool size ${fmt(k)}`)
  return [...slide('pool', x.slice(0, 2), k, poolStrides(p), p.padding), x[2]]
}

/** ONNX pooling attributes; MaxPool's pads act as −∞ like the engine's, so one rule serves both. */
function poolAttrs(p: PoolValues, x: Shape) {
  const [k, s] = [pair(p.poolSize), poolStrides(p)]
  return { kernel_shape: k, strides: s, pads: windowPads(p.padding, x.slice(0, 2), k, s) }
}

export const maxPool2d = defineLayer({
  kind: 'MaxPool2D',
  category: 'pool',
  doc: {
    formula: String.raw`y_{i,j,c} = \max_{0 \le u < k_h,\ 0 \le v < k_w} x_{s i + u,\, s j + v,\, c}`,
    en: 'Keeps the largest value of each poolSize window, channel by channel, which makes the result tolerant to small shifts. With stride s (0 means equal to the window) and padding p the height becomes ⌊(H + 2p − k_h)/s⌋ + 1, the width likewise; the channel count is unchanged. No weights.',
    zh: '逐通道保留每个 poolSize 窗口中的最大值，使结果对小的平移不敏感。步幅 s（0 表示等于窗口大小）、填充 p 时，高度变为 ⌊(H + 2p − k_h)/s⌋ + 1，宽度同理；通道数不变。没有权重。',
  },
  inputs: [1, 1],
  params: poolParams,
  outputShape: (p, [x]) => poolShape('MaxPool2D', p, x),
  trainableParams: () => 0,
  toPytorch: (p, io) => {
    const [k, s] = [pair(p.poolSize), poolStrides(p)]
    const pad = torchPadding(p.padding, io.in[0].slice(0, 2), k, s)
    return {
      module: call('nn.MaxPool2d', [pySize(k)], { stride: torchStride(k, s), padding: pad.padding }),
      // an uneven 'same' pad is −∞, not 0, or it would win over negative activations
      forward: `${io.self}(${pad.wrap(io.args[0], "float('-inf')")})`,
    }
  },
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
  toOnnx: (p, ctx) => ctx.op('MaxPool', ctx.inputs, poolAttrs(p, ctx.inputShapes[0])),
  fromOnnx: { ops: ['MaxPool'], recognise: (ctx) => fromOnnxPool(ctx) },
})

export const avgPool2d = defineLayer({
  kind: 'AvgPool2D',
  category: 'pool',
  doc: {
    formula: String.raw`y_{i,j,c} = \frac{1}{k_h k_w} \sum_{u=0}^{k_h-1} \sum_{v=0}^{k_w-1} x_{s i + u,\, s j + v,\, c}`,
    en: 'Replaces each poolSize window by the mean of its values, channel by channel, smoothing and shrinking the feature map. The output size follows the same rule as MaxPool2D: ⌊(H + 2p − k_h)/s⌋ + 1 per axis, channels unchanged. No weights.',
    zh: '逐通道用每个 poolSize 窗口内数值的平均值代替整个窗口，使特征图更平滑、更小。输出尺寸与 MaxPool2D 规则相同：每个轴为 ⌊(H + 2p − k_h)/s⌋ + 1，通道数不变。没有权重。',
  },
  inputs: [1, 1],
  params: poolParams,
  outputShape: (p, [x]) => poolShape('AvgPool2D', p, x),
  trainableParams: () => 0,
  toPytorch: (p, io) => {
    const [k, s] = [pair(p.poolSize), poolStrides(p)]
    const stride = torchStride(k, s)
    const forward = `${io.self}(${io.args[0]})`
    if (p.padding !== 'same') {
      const padding = typeof p.padding === 'number' && p.padding > 0 ? String(p.padding) : undefined
      return { module: call('nn.AvgPool2d', [pySize(k)], { stride, padding }), forward }
    }
    // TF's 'same' averages over the real pixels only: count_include_pad=False, or a helper when uneven
    const pads = samePads(io.in[0].slice(0, 2), k, s)
    if (pads.every(([a, b]) => a === b)) {
      const padding = pySize(pads.map(([a]) => a))
      const kw = { stride, padding, count_include_pad: 'False' }
      return { module: call('nn.AvgPool2d', [pySize(k)], kw), forward }
    }
    const padArg = pyTuple([...pads].reverse().flat())
    return {
      forward: `avg_pool_same(${io.args[0]}, ${pyTuple(k)}, ${pyTuple(s)}, ${padArg})`,
      helpers: ['avg_pool_same'],
    }
  },
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
  // an explicit pad is zeros counted in the average; TF's 'same' averages the real pixels only
  toOnnx: (p, ctx) =>
    ctx.op('AveragePool', ctx.inputs, {
      ...poolAttrs(p, ctx.inputShapes[0]),
      count_include_pad: typeof p.padding === 'number' ? 1 : 0,
    }),
  fromOnnx: {
    ops: ['AveragePool', 'Pad'],
    recognise: (ctx) =>
      ctx.node.op === 'Pad' ? fromOnnxPadPool(ctx) : fromOnnxPool(ctx, ctx.int('count_include_pad', 0) === 1),
  },
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
  doc: {
    formula: String.raw`y_c = \frac{1}{H W} \sum_{i=1}^{H} \sum_{j=1}^{W} x_{i,j,c}`,
    en: 'Averages each channel over all positions, so [H, W, C] becomes [C] (and a sequence [L, C] becomes [C]). At the end of a CNN it often replaces Flatten plus a large Dense layer, with no weights at all.',
    zh: '对每个通道在所有位置上求平均，[H, W, C] 变成 [C]（序列 [L, C] 也变成 [C]）。在卷积网络末端，它常用来代替 Flatten 加大型全连接层，而且完全没有权重。',
  },
  inputs: [1, 1],
  params: {},
  outputShape: (_p, [x]) => globalShape('GlobalAvgPool', x),
  trainableParams: () => 0,
  toPytorch: (_p, io) => ({ forward: `${io.args[0]}.mean(dim=${io.in[0].length === 3 ? '(2, 3)' : 1})` }),
  toTfjs: (_p, ctx) => (inputs) => {
    const x = inputs[0]
    const layer =
      x.shape.length === 3
        ? ctx.tf.layers.globalAveragePooling1d(baseArgs(ctx))
        : ctx.tf.layers.globalAveragePooling2d(baseArgs(ctx))
    return layer.apply(x) as SymbolicTensor
  },
  toOnnx: (_p, ctx) => globalPool(ctx, 'Average'),
  fromOnnx: {
    ops: ['GlobalAveragePool', 'ReduceMean'],
    recognise: (ctx) => (ctx.node.op === 'ReduceMean' ? fromOnnxReduce(ctx) : fromOnnxGlobal(ctx)),
  },
})

export const globalMaxPool = defineLayer({
  kind: 'GlobalMaxPool',
  category: 'pool',
  doc: {
    formula: String.raw`y_c = \max_{i,j} x_{i,j,c}`,
    en: 'Keeps, for each channel, the strongest response anywhere in the input, so [H, W, C] becomes [C] (a sequence [L, C] also becomes [C]). It answers whether a feature appears, not where. No weights.',
    zh: '对每个通道保留整个输入中最强的响应，[H, W, C] 变成 [C]（序列 [L, C] 也变成 [C]）。它回答某个特征是否出现，而不关心出现在哪里。没有权重。',
  },
  inputs: [1, 1],
  params: {},
  outputShape: (_p, [x]) => globalShape('GlobalMaxPool', x),
  trainableParams: () => 0,
  toPytorch: (_p, io) => ({ forward: `${io.args[0]}.amax(dim=${io.in[0].length === 3 ? '(2, 3)' : 1})` }),
  toTfjs: (_p, ctx) => (inputs) => {
    const x = inputs[0]
    const layer =
      x.shape.length === 3
        ? ctx.tf.layers.globalMaxPooling1d(baseArgs(ctx))
        : ctx.tf.layers.globalMaxPooling2d(baseArgs(ctx))
    return layer.apply(x) as SymbolicTensor
  },
  toOnnx: (_p, ctx) => globalPool(ctx, 'Max'),
  fromOnnx: {
    ops: ['GlobalMaxPool', 'ReduceMax'],
    recognise: (ctx) => (ctx.node.op === 'ReduceMax' ? fromOnnxReduce(ctx) : fromOnnxGlobal(ctx)),
  },
})

export const upSampling2d = defineLayer({
  kind: 'UpSampling2D',
  category: 'pool',
  doc: {
    formula: String.raw`y_{i,j,c} = x_{\lfloor i / s_h \rfloor,\, \lfloor j / s_w \rfloor,\, c}`,
    en: "Enlarges an image by the factors in size: 'nearest' repeats each pixel s_h×s_w times (the formula), 'bilinear' blends neighbouring pixels instead. [H, W, C] becomes [s_h·H, s_w·W, C]; nothing is learned.",
    zh: "按 size 给出的倍数放大图像：'nearest' 把每个像素重复 s_h×s_w 次（即公式所示），'bilinear' 则在相邻像素之间插值。[H, W, C] 变成 [s_h·H, s_w·W, C]；没有可学习参数。",
  },
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
  toPytorch: (p, io) =>
    p.interpolation === 'nearest'
      ? {
          module: call('nn.Upsample', [], { scale_factor: pySize(pair(p.size)), mode: "'nearest'" }),
          forward: `${io.self}(${io.args[0]})`,
        }
      : {
          forward: `upsample_bilinear_tf(${io.args[0]}, ${pyTuple(pair(p.size))})`,
          helpers: ['upsample_bilinear_tf'],
        },
  // tfjs' bilinear mode resizes without half-pixel centres, so it differs slightly at the borders
  // from PyTorch's Upsample(mode='bilinear', align_corners=False) and Keras 2's UpSampling2D
  toTfjs: (p, ctx) =>
    chain(
      ctx.tf.layers.upSampling2d({ ...baseArgs(ctx), size: pair(p.size), interpolation: p.interpolation }),
    ),
  // tfjs resizes with src = dst / scale (no half-pixel centres): ONNX's 'asymmetric' transform,
  // rounding down for nearest
  toOnnx: (p, ctx) => {
    const scales = ctx.constant('scales', [1, 1, ...pair(p.size)], [4])
    return ctx.op('Resize', [ctx.inputs[0], '', scales], {
      mode: p.interpolation === 'nearest' ? 'nearest' : 'linear',
      coordinate_transformation_mode: 'asymmetric',
      nearest_mode: 'floor',
    })
  },
  fromOnnx: { ops: ['Resize'], recognise: fromOnnxResize },
})
