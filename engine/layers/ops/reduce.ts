/**
 * Reduction operator nodes: ReduceMean, ReduceSum and ReduceMax over some axes of each sample.
 * The imported patterns the pooling layers already cover (global pooling of an image, a mean over
 * time) still become those layers; these nodes take the rest.
 */
import type * as tfTypes from '@tensorflow/tfjs'
import { bool, ints } from '../params'
import { ShapeError, type LayerDoc, type Shape, type Tf } from '../types'
import { fmt } from '../util'
import type { OnnxImportContext, Recognised } from '../../import/onnx/types'
import { engineAxis, layoutWithout } from '../../import/onnx/operator-inputs'
import { pyBool, pyTuple } from '../../export/pytorch/syntax'
import { operator } from './define'

const params = {
  /** Axes to reduce, counted from 1 after the batch (like Permute's dims). */
  axes: ints({ default: [1], min: 1, minLength: 1 }),
  /** Keep each reduced axis with size 1, so the result still broadcasts against the input. */
  keepDims: bool(true),
}

function reducedShape(kind: string, p: { axes: number[]; keepDims: boolean }, x: Shape): Shape {
  if (new Set(p.axes).size !== p.axes.length || p.axes.some((a) => a > x.length))
    throw new ShapeError(
      `${kind} axes [${p.axes.join(', ')}] must be distinct axes of its input [${fmt(x)}] (1…${x.length})`,
    )
  if (p.keepDims) return x.map((d, i) => (p.axes.includes(i + 1) ? 1 : d))
  const out = x.filter((_, i) => !p.axes.includes(i + 1))
  if (out.length === 0)
    throw new ShapeError(`${kind} over every axis leaves nothing per sample; turn keepDims on`)
  return out
}

function fromOnnx(ctx: OnnxImportContext): Recognised {
  const x = ctx.input(0)
  const listed = ctx.ints(1) ?? ctx.ints_('axes', [])
  if (listed.length === 0 && ctx.int('noop_with_empty_axes', 0) === 0)
    ctx.fail('it reduces every axis, the batch included')
  const axes = listed.map((a) => engineAxis(ctx, x, a)).sort((a, b) => a - b)
  const keepDims = ctx.int('keepdims', 1) === 1
  return { params: { axes, keepDims }, layout: keepDims ? x.layout : layoutWithout(ctx, x, axes) }
}

function reduction(
  kind: 'ReduceMean' | 'ReduceSum' | 'ReduceMax',
  doc: LayerDoc,
  kernel: (tf: Tf, x: tfTypes.Tensor, axes: number[], keep: boolean) => tfTypes.Tensor,
  torch: string,
) {
  return operator({
    kind,
    doc,
    inputs: [1, 1],
    params,
    outputShape: (p, [x]) => reducedShape(kind, p, x),
    kernel: (tf, [x], p) => kernel(tf, x, p.axes, p.keepDims),
    // opset 17: ReduceSum reads its axes as an input, ReduceMean and ReduceMax as an attribute
    onnx: (p, ctx, [x]) =>
      kind === 'ReduceSum'
        ? ctx.op(kind, [x, ctx.constant('axes', p.axes, [p.axes.length], 'int64')], {
            keepdims: p.keepDims ? 1 : 0,
          })
        : ctx.op(kind, [x], { axes: p.axes, keepdims: p.keepDims ? 1 : 0 }),
    pytorch: (p, [x]) => `${torch}(${x}, dim=${pyTuple(p.axes)}, keepdim=${pyBool(p.keepDims)})`,
    fromOnnx: { ops: [kind], recognise: fromOnnx },
  })
}

export const reduceMean = reduction(
  'ReduceMean',
  {
    formula: String.raw`y = \frac{1}{|A|} \sum_{i \in A} x_i`,
    en: 'An operator node: the mean over the listed axes of each sample (axes count from 1 after the batch). keepDims leaves those axes with size 1 instead of removing them. Learns nothing.',
    zh: '算子节点：对每个样本在所列轴上求平均（axes 从批量维之后的 1 开始数）。keepDims 打开时这些轴保留为大小 1，而不是去掉。没有可学习参数。',
  },
  (tf, x, axes, keep) => tf.mean(x, axes, keep),
  'torch.mean',
)
export const reduceSum = reduction(
  'ReduceSum',
  {
    formula: String.raw`y = \sum_{i \in A} x_i`,
    en: 'An operator node: the sum over the listed axes of each sample (axes count from 1 after the batch), as in the denominator of a softmax written out by hand. keepDims keeps them with size 1. Learns nothing.',
    zh: '算子节点：对每个样本在所列轴上求和（axes 从批量维之后的 1 开始数），例如手写 softmax 的分母。keepDims 让这些轴保留为大小 1。没有可学习参数。',
  },
  (tf, x, axes, keep) => tf.sum(x, axes, keep),
  'torch.sum',
)
export const reduceMax = reduction(
  'ReduceMax',
  {
    formula: String.raw`y = \max_{i \in A} x_i`,
    en: 'An operator node: the largest value over the listed axes of each sample (axes count from 1 after the batch); the gradient flows only to the value that won. keepDims keeps the axes with size 1. Learns nothing.',
    zh: '算子节点：每个样本在所列轴上的最大值（axes 从批量维之后的 1 开始数）；梯度只流向取到最大值的那个元素。keepDims 让这些轴保留为大小 1。没有可学习参数。',
  },
  (tf, x, axes, keep) => tf.max(x, axes, keep),
  'torch.amax',
)
