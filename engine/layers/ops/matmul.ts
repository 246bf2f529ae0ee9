/**
 * MatMul as an operator node: the products a Dense layer is not, such as attention scores
 * q·kᵀ between two computed tensors, or a constant matrix on the left (W·x). x·W with a constant
 * 2-D W still imports as a Dense, whose W trains.
 */
import { ShapeError, prod, type Shape } from '../types'
import { fmt } from '../util'
import type { OnnxImportContext, Recognised } from '../../import/onnx/types'
import { binaryFromOnnx } from './elementwise'
import { operator } from './define'
import {
  broadcast,
  notLonger,
  onnxOperands,
  operandParams,
  operandShapes,
  sameRank,
  tfOperands,
  torchOperands,
} from './operands'

/** NumPy broadcasting of two shapes, sizes already known to agree. */
const broadcastShape = (a: number[], b: number[]): number[] => {
  const rank = Math.max(a.length, b.length)
  return Array.from({ length: rank }, (_, i) =>
    Math.max(a[a.length - rank + i] ?? 1, b[b.length - rank + i] ?? 1),
  )
}

function productShape(a: Shape, b: Shape, constantFirst: boolean, constant: boolean): Shape {
  // a batch of vectors times a constant matrix is a plain [N, K]·[K, M]; everything else is a
  // batch of matrices, so each operand needs two axes of its own
  if (constant && !constantFirst && a.length === 1 && b.length === 2) {
    if (a[0] !== b[0])
      throw new ShapeError(`MatMul cannot multiply [${fmt(a)}] by [${fmt(b)}]: ${a[0]} against ${b[0]}`)
    return [b[1]]
  }
  if (constant) notLonger('MatMul', constantFirst ? a : b, constantFirst ? b : a)
  if (a.length < 2 || b.length < 2)
    throw new ShapeError(
      `MatMul needs matrices (two axes or more per sample), but got [${fmt(a)}] and [${fmt(b)}]`,
    )
  const [m, k] = a.slice(-2)
  const [k2, n] = b.slice(-2)
  if (k !== k2)
    throw new ShapeError(`MatMul cannot multiply [${fmt(a)}] by [${fmt(b)}]: ${k} columns against ${k2} rows`)
  return [...broadcast('MatMul', a.slice(0, -2), b.slice(0, -2)), m, n]
}

function fromOnnx(ctx: OnnxImportContext): Recognised | null {
  const r = binaryFromOnnx(ctx)
  for (const i of r?.edges ?? [])
    if (ctx.input(i).layout !== 'cl')
      ctx.fail('it multiplies a channels-first image; the engine keeps images channels-last')
  return r
}

export const matMul = operator({
  kind: 'MatMul',
  doc: {
    formula: String.raw`y_{\dots ij} = \sum_k a_{\dots ik}\, b_{\dots kj}`,
    en: 'An operator node: the matrix product over the last two axes of each sample, leading axes broadcast, e.g. attention scores from two computed tensors. The second operand is an input or a constant (constantFirst puts it on the left). Learns nothing — a trainable x·W is a Dense layer.',
    zh: '算子节点：对每个样本的最后两个轴做矩阵乘法，前面的轴按广播规则对齐，例如由两个计算结果得到注意力分数。第二个操作数是输入或常量（constantFirst 把常量放在左边）。没有可学习参数——可训练的 x·W 是全连接层。',
  },
  inputs: [1, 2],
  params: operandParams,
  outputShape: (p, inputs) => {
    sameRank('MatMul', p, inputs)
    const [a, b] = operandShapes('MatMul', p, inputs)
    return productShape(a, b, p.constantFirst, p.constant.length > 0)
  },
  macs: (p, inputs, out) => prod(out) * operandShapes('MatMul', p, inputs)[0].at(-1)!,
  kernel: (tf, xs, p) => {
    const [a, b] = tfOperands(tf, xs, p)
    // tfjs flattens the leading axes into one batch before broadcasting, which pairs the wrong
    // matrices when both operands have several; broadcast them to one shape first
    if (a.rank < 3 || b.rank < 3) return tf.matMul(a, b)
    const lead = broadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2))
    const to = (t: typeof a) =>
      t.shape.slice(0, -2).join() === lead.join() ? t : tf.broadcastTo(t, [...lead, ...t.shape.slice(-2)])
    return tf.matMul(to(a), to(b))
  },
  onnx: (p, ctx, xs) => ctx.op('MatMul', onnxOperands(ctx, xs, p)),
  pytorch: (p, args) => `torch.matmul(${torchOperands(args, p).join(', ')})`,
  fromOnnx: { ops: ['MatMul'], recognise: fromOnnx },
})
