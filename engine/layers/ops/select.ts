/**
 * Operator nodes that pick parts of a tensor by constant positions: Gather (some indices along one
 * axis) and Slice (start, end and step on some axes, ONNX's rules: negative positions count from
 * the end, positions past either end are clamped). Both differentiate: the gradient goes back to
 * the picked positions and is zero elsewhere.
 */
import { bool, int, ints, MAX_SIZE } from '../params'
import { ShapeError, type Shape } from '../types'
import { fmt } from '../util'
import type { OnnxImportContext, Recognised } from '../../import/onnx/types'
import { engineAxis, layoutWithout, onnxDims } from '../../import/onnx/operator-inputs'
import { operator } from './define'

/** Indices along an axis of size `d`, negatives counted from the end; throws for any outside it. */
function gatherIndices(indices: number[], d: number): number[] {
  return indices.map((i) => {
    if (i < -d || i >= d) throw new ShapeError(`Gather index ${i} is outside an axis of size ${d}`)
    return i < 0 ? i + d : i
  })
}

function gatherShape(p: { axis: number; indices: number[]; keepAxis: boolean }, x: Shape): Shape {
  if (p.axis > x.length)
    throw new ShapeError(`Gather axis ${p.axis} is not an axis of its input [${fmt(x)}] (1…${x.length})`)
  gatherIndices(p.indices, x[p.axis - 1])
  if (p.keepAxis) return x.map((d, i) => (i === p.axis - 1 ? p.indices.length : d))
  if (p.indices.length !== 1)
    throw new ShapeError(`Gather without keepAxis takes exactly one index, not ${p.indices.length}`)
  if (x.length === 1) throw new ShapeError('Gather of one index from a vector leaves nothing per sample')
  return x.filter((_, i) => i !== p.axis - 1)
}

function gatherFromOnnx(ctx: OnnxImportContext): Recognised {
  const x = ctx.input(0)
  const indices = ctx.ints(1)
  if (!indices) return ctx.fail('its indices are computed in the graph, not a stored integer constant')
  const dims = ctx.constantDims(1) ?? [indices.length]
  if (dims.length > 1) ctx.fail(`its indices have ${dims.length} axes; only a list or a single index imports`)
  const axis = engineAxis(ctx, x, ctx.int('axis', 0))
  const keepAxis = dims.length === 1
  return {
    params: { axis, indices, keepAxis },
    layout: keepAxis ? x.layout : layoutWithout(ctx, x, [axis]),
  }
}

export const gather = operator({
  kind: 'Gather',
  doc: {
    formula: String.raw`y_{\dots j \dots} = x_{\dots\, \text{idx}_j \dots}`,
    en: 'An operator node: picks the positions listed in indices along one axis (counted from 1 after the batch; negative indices count from the end). With keepAxis the axis stays with one entry per index; without it exactly one index is taken and the axis disappears. Learns nothing.',
    zh: '算子节点：沿一个轴（从批量维之后的 1 开始数）取出 indices 列出的位置（负数从末尾数）。keepAxis 打开时该轴保留，每个索引一项；关闭时只取一个索引，该轴消失。没有可学习参数。',
  },
  inputs: [1, 1],
  params: {
    axis: int({ default: 1, min: 1, max: 8 }),
    indices: ints({ default: [0], min: -MAX_SIZE, minLength: 1 }),
    keepAxis: bool(true),
  },
  outputShape: (p, [x]) => gatherShape(p, x),
  kernel: (tf, [x], p) => {
    const idx = tf.tensor1d(gatherIndices(p.indices, x.shape[p.axis]), 'int32')
    const y = tf.gather(x, idx, p.axis)
    return p.keepAxis ? y : tf.squeeze(y, [p.axis])
  },
  onnx: (p, ctx, [x]) => {
    const d = ctx.inputShapes[0][p.axis - 1]
    const idx = gatherIndices(p.indices, d)
    const indices = ctx.constant(
      'indices',
      p.keepAxis ? idx : [idx[0]],
      p.keepAxis ? [idx.length] : [],
      'int64',
    )
    return ctx.op('Gather', [x, indices], { axis: p.axis })
  },
  pytorch: (p, [x], io) => {
    const idx = gatherIndices(p.indices, io.in[0][p.axis - 1])
    return p.keepAxis
      ? `${x}.index_select(${p.axis}, torch.tensor([${idx.join(', ')}], device=${x}.device))`
      : `${x}.select(${p.axis}, ${idx[0]})`
  },
  fromOnnx: { ops: ['Gather'], recognise: gatherFromOnnx },
})

interface SliceValues {
  axes: number[]
  starts: number[]
  ends: number[]
  steps: number[]
}

/** Each sliced axis (0-based per sample) with its first index, step and number of values. */
export function sliceRanges(
  p: SliceValues,
  x: Shape,
): { axis: number; start: number; step: number; count: number }[] {
  const n = p.axes.length
  if (p.starts.length !== n || p.ends.length !== n || p.steps.length !== n)
    throw new ShapeError(
      `Slice needs one start, end and step per axis: axes [${p.axes.join(', ')}], starts [${p.starts.join(', ')}], ends [${p.ends.join(', ')}], steps [${p.steps.join(', ')}]`,
    )
  if (new Set(p.axes).size !== n || p.axes.some((a) => a > x.length))
    throw new ShapeError(`Slice axes [${p.axes.join(', ')}] must be distinct axes of its input [${fmt(x)}]`)
  return p.axes.map((a, i) => {
    const d = x[a - 1]
    const step = p.steps[i]
    if (step === 0) throw new ShapeError(`Slice step on axis ${a} is 0`)
    const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v < 0 ? v + d : v, lo), hi)
    const [start, end] =
      step > 0
        ? [clamp(p.starts[i], 0, d), clamp(p.ends[i], 0, d)]
        : [clamp(p.starts[i], 0, d - 1), clamp(p.ends[i], -1, d - 1)]
    const count = Math.max(0, Math.ceil((end - start) / step))
    if (count === 0)
      throw new ShapeError(`Slice [${p.starts[i]}:${p.ends[i]}:${step}] of axis ${a} (size ${d}) is empty`)
    return { axis: a - 1, start, step, count }
  })
}

const positions = (r: { start: number; step: number; count: number }) =>
  Array.from({ length: r.count }, (_, j) => r.start + j * r.step)

function sliceFromOnnx(ctx: OnnxImportContext): Recognised {
  const x = ctx.input(0)
  const old = ctx.opset < 10
  const starts = old ? ctx.ints_('starts', []) : ctx.ints(1)
  const ends = old ? ctx.ints_('ends', []) : ctx.ints(2)
  if (!starts || !ends) return ctx.fail('its starts or ends are computed in the graph, not constants')
  const onnxAxes = (old ? ctx.ints_('axes', []) : ctx.ints(3)) ?? []
  const listed = onnxAxes.length ? onnxAxes : starts.map((_, i) => i)
  const steps = (old ? null : ctx.ints(4)) ?? starts.map(() => 1)
  const dims = onnxDims(x)
  const axes = listed.map((a) => engineAxis(ctx, x, a))
  // ONNX's huge "to the end" sentinels clamped to the axis, so the engine's params stay small
  const size = (i: number) => dims[(listed[i] < 0 ? listed[i] + dims.length + 1 : listed[i]) - 1]
  const bound = (v: number, i: number) => Math.min(Math.max(v, -size(i) - 1), size(i))
  return {
    params: {
      axes,
      starts: starts.map(bound),
      ends: ends.map(bound),
      steps: steps.map((s) => Math.min(Math.max(s, -MAX_SIZE), MAX_SIZE)),
    },
  }
}

export const slice = operator({
  kind: 'Slice',
  doc: {
    formula: String.raw`y = x[\text{start} : \text{end} : \text{step}] \text{ on each listed axis}`,
    en: 'An operator node: keeps positions start, start+step, … up to (not including) end on each listed axis, counted from 1 after the batch. Negative positions count from the end and a negative step walks backwards, as in Python; other axes are untouched. Learns nothing.',
    zh: '算子节点：在每个所列轴（从批量维之后的 1 开始数）上保留 start、start+step、……直到 end（不含）的位置。负的位置从末尾数，负的 step 倒着走，与 Python 相同；其他轴不变。没有可学习参数。',
  },
  inputs: [1, 1],
  params: {
    axes: ints({ default: [1], min: 1, minLength: 1 }),
    starts: ints({ default: [0], min: -MAX_SIZE }),
    ends: ints({ default: [1], min: -MAX_SIZE }),
    steps: ints({ default: [1], min: -MAX_SIZE }),
  },
  outputShape: (p, [x]) => {
    const out = [...x]
    for (const r of sliceRanges(p, x)) out[r.axis] = r.count
    return out
  },
  kernel: (tf, [x], p) =>
    sliceRanges(p, x.shape.slice(1)).reduce((y, r) => {
      if (r.step !== 1) return tf.gather(y, tf.tensor1d(positions(r), 'int32'), r.axis + 1)
      const begin = y.shape.map((_, i) => (i === r.axis + 1 ? r.start : 0))
      const size = y.shape.map((d, i) => (i === r.axis + 1 ? r.count : d))
      return tf.slice(y, begin, size)
    }, x),
  onnx: (p, ctx, [x]) => {
    const shape = ctx.inputShapes[0]
    const rs = sliceRanges(p, shape)
    // an end below 0 would count from the back in ONNX: -(d + 1) is "before the first"
    const ends = rs.map((r) => {
      const e = r.start + r.count * r.step
      return e < 0 ? -(shape[r.axis] + 1) : e
    })
    const c = (name: string, v: number[]) => ctx.constant(name, v, [v.length], 'int64')
    return ctx.op('Slice', [
      x,
      c(
        'starts',
        rs.map((r) => r.start),
      ),
      c('ends', ends),
      c(
        'axes',
        rs.map((r) => r.axis + 1),
      ),
      c(
        'steps',
        rs.map((r) => r.step),
      ),
    ])
  },
  // PyTorch's slicing takes no negative steps, so those axes pick their positions by index
  pytorch: (p, [x], io) =>
    sliceRanges(p, io.in[0]).reduce(
      (y, r) =>
        r.step === 1
          ? `${y}.narrow(${r.axis + 1}, ${r.start}, ${r.count})`
          : `${y}.index_select(${r.axis + 1}, torch.tensor([${positions(r).join(', ')}], device=${x}.device))`,
      x,
    ),
  fromOnnx: { ops: ['Slice'], recognise: sliceFromOnnx },
})
