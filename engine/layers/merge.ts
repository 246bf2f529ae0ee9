/**
 * Merges of two or more tensors. Elementwise merges demand identical shapes: tfjs would
 * broadcast some mismatches, but a learner wiring a residual connection wants to hear about them.
 */
import { baseArgs } from './init'
import { int } from './params'
import {
  ShapeError,
  defineLayer,
  type LayerDoc,
  type Shape,
  type SymbolicTensor,
  type TfjsContext,
} from './types'
import { fmt } from './util'
import { pyMerge, torchDim } from '../export/pytorch/syntax'
import { mergeOp } from '../export/onnx/emit'
import { storageAxis } from '../export/onnx/layout'
import type { OnnxImportContext, OnnxRecogniser, Recognised } from '../import/onnx/types'

/** The inputs of a merge: all graph values, in one layout, or the node is not a merge. */
function mergeInputs(ctx: OnnxImportContext): Recognised | null {
  const n = ctx.node.inputs.length
  const idx = Array.from({ length: n }, (_, i) => i)
  if (n < 2 || idx.some((i) => ctx.isConstant(i))) return null
  const layout = ctx.input(0).layout
  if (idx.some((i) => ctx.input(i).layout !== layout))
    ctx.fail('its inputs are stored in different layouts (channels-first and channels-last)')
  return { params: {}, edges: idx }
}

const mergeFrom = (...ops: string[]): OnnxRecogniser => ({ ops, recognise: mergeInputs })

type MergeLayerFactory = (ctx: TfjsContext) => { apply(x: SymbolicTensor[]): unknown }

const list = (shapes: Shape[]) => shapes.map((s) => `[${fmt(s)}]`).join(', ')

function elementwise(kind: string, doc: LayerDoc, make: MergeLayerFactory, fromOnnx?: OnnxRecogniser) {
  return defineLayer({
    kind,
    category: 'merge',
    doc,
    inputs: [2, Infinity],
    params: {},
    outputShape: (_p, xs) => {
      const first = fmt(xs[0])
      if (xs.some((s) => fmt(s) !== first))
        throw new ShapeError(`${kind} needs inputs of the same shape, but got ${list(xs)}`)
      return [...xs[0]]
    },
    trainableParams: () => 0,
    toPytorch: (_p, io) => ({ forward: pyMerge(kind, io.args) }),
    toTfjs: (_p, ctx) => {
      const layer = make(ctx)
      return (xs) => layer.apply(xs) as SymbolicTensor
    },
    toOnnx: (_p, ctx) => mergeOp(ctx, kind),
    fromOnnx,
  })
}

export const add = elementwise(
  'Add',
  {
    formula: String.raw`y = x^{(1)} + x^{(2)} + \dots + x^{(n)}`,
    en: 'Sums two or more tensors element by element; this is how a residual (skip) connection joins its branches. All inputs must have the same shape, which is also the output shape. No parameters.',
    zh: '把两个或更多张量逐元素相加；残差（跳跃）连接就是这样把分支合并的。所有输入形状必须相同，输出形状也与之相同。没有参数。',
  },
  (ctx) => ctx.tf.layers.add(baseArgs(ctx)),
  mergeFrom('Add', 'Sum'),
)
export const multiply = elementwise(
  'Multiply',
  {
    formula: String.raw`y = x^{(1)} \odot x^{(2)} \odot \dots \odot x^{(n)}`,
    en: 'Multiplies two or more tensors element by element, for example to let one branch act as a gate on another. All inputs must share one shape, which the output keeps. No parameters.',
    zh: '把两个或更多张量逐元素相乘，例如让一个分支充当另一个分支的门控。所有输入形状必须相同，输出保持该形状。没有参数。',
  },
  (ctx) => ctx.tf.layers.multiply(baseArgs(ctx)),
  mergeFrom('Mul'),
)
export const average = elementwise(
  'Average',
  {
    formula: String.raw`y = \frac{1}{n} \sum_{k=1}^{n} x^{(k)}`,
    en: 'Takes the element-wise mean of two or more tensors of the same shape, for instance to blend the outputs of parallel branches. The output has that same shape. No parameters.',
    zh: '对两个或更多形状相同的张量逐元素求平均，例如融合并行分支的输出。输出形状与输入相同。没有参数。',
  },
  (ctx) => ctx.tf.layers.average(baseArgs(ctx)),
  mergeFrom('Mean'),
)

/** A Keras-style axis (the batch is axis 0) as an index into the per-sample shape. */
function sampleAxis(axis: number, rank: number): number {
  const i = axis < 0 ? rank + axis : axis - 1
  if (axis === 0 || i < 0 || i >= rank)
    throw new ShapeError(
      `Concatenate axis ${axis} does not exist for inputs with ${rank} axes (use 1…${rank}, or -1 for the last)`,
    )
  return i
}

export const concatenate = defineLayer({
  kind: 'Concatenate',
  category: 'merge',
  doc: {
    formula: String.raw`y = \left[\, x^{(1)} ;\, x^{(2)} ;\, \dots ;\, x^{(n)} \,\right]_{\text{axis}}`,
    en: 'Joins tensors end to end along axis (−1 is the last, the channels). Every other axis must match; along axis the output size is the sum of the input sizes, e.g. [H, W, 16] and [H, W, 32] give [H, W, 48]. No parameters.',
    zh: '沿 axis 把张量首尾拼接（−1 表示最后一个轴，即通道）。其余各轴大小必须一致；沿 axis 的输出大小是各输入大小之和，例如 [H, W, 16] 与 [H, W, 32] 得到 [H, W, 48]。没有参数。',
  },
  inputs: [2, Infinity],
  params: {
    /** Keras convention: -1 is the last (channel) axis, 1 the first axis after the batch. */
    axis: int({ default: -1, min: -8, max: 8 }),
  },
  outputShape: (p, xs) => {
    const rank = xs[0].length
    if (xs.some((s) => s.length !== rank))
      throw new ShapeError(`Concatenate needs inputs with the same number of axes, but got ${list(xs)}`)
    const a = sampleAxis(p.axis, rank)
    const others = (s: Shape) => s.map((d, i) => (i === a ? '*' : d)).join('×')
    if (xs.some((s) => others(s) !== others(xs[0])))
      throw new ShapeError(
        `Concatenate along axis ${p.axis} needs every other axis to match, but got ${list(xs)}`,
      )
    const out = [...xs[0]]
    out[a] = xs.reduce((sum, s) => sum + s[a], 0)
    return out
  },
  trainableParams: () => 0,
  toPytorch: (p, io) => ({
    forward: `torch.cat([${io.args.join(', ')}], dim=${torchDim(p.axis, io.in[0])})`,
  }),
  toTfjs: (p, ctx) => {
    // tfjs' concat kernels fail on negative axes other than -1, so give it the positive one
    // (the symbolic shape includes the batch, matching the Keras-style axis)
    return (xs) => {
      const axis = p.axis < -1 ? xs[0].shape.length + p.axis : p.axis
      return ctx.tf.layers.concatenate({ ...baseArgs(ctx), axis }).apply(xs) as SymbolicTensor
    }
  },
  toOnnx: (p, ctx) =>
    ctx.op('Concat', ctx.inputs, { axis: storageAxis(ctx.outputShape, p.axis < 0 ? p.axis : p.axis - 1) }),
  fromOnnx: {
    ops: ['Concat'],
    recognise: (ctx) => {
      const merged = mergeInputs(ctx)
      if (!merged) return null
      const x = ctx.input(0)
      if (x.layout !== 'cl' && x.layout !== 'cf') ctx.fail('its inputs are pooled or flattened images')
      const rank = x.shape.length
      const a = ctx.int('axis', 1)
      const onnxAxis = a < 0 ? rank + 1 + a : a
      if (onnxAxis < 1 || onnxAxis > rank) ctx.fail(`axis ${a} is the batch axis or outside the inputs`)
      // the engine axis (1-based, Keras style) whose storage axis is the ONNX one
      const storage = (i: number) => (x.layout === 'cf' ? storageAxis(x.shape, i) : i + 1)
      const axis = [...Array(rank).keys()].find((i) => storage(i) === onnxAxis)! + 1
      return { ...merged, params: { axis: axis === rank ? -1 : axis } }
    },
  },
})
