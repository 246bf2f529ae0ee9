/**
 * The second operand of a binary operator node: a second input, or a constant kept in the node's
 * parameters (`constant` values in `constantShape`, engine order, broadcast from the right
 * against the per-sample shape, batch excluded). Shared by the elementwise operators and MatMul.
 */
import type * as tfTypes from '@tensorflow/tfjs'
import { bool, floats, ints } from '../params'
import { ShapeError, prod, type Shape, type Tf } from '../types'
import { fmt } from '../util'
import type { OnnxContext } from '../../export/onnx/types'
import { pyFloat } from '../../export/pytorch/syntax'

export const operandParams = {
  /** Empty: the operator reads a second input. Otherwise the constant operand's values, row-major. */
  constant: floats({ default: [] }),
  /** The constant's per-sample shape; empty for one number. */
  constantShape: ints({ default: [], min: 1 }),
  /** The constant is the left operand (2 − x, 1 / x, W·x). */
  constantFirst: bool(false),
}

export interface OperandValues {
  constant: number[]
  constantShape: number[]
  constantFirst: boolean
}

const hasConstant = (p: OperandValues) => p.constant.length > 0

/** The two operands' per-sample shapes in the operator's order (the constant's without a batch). */
export function operandShapes(kind: string, p: OperandValues, inputs: Shape[]): [Shape, Shape] {
  if (!hasConstant(p)) {
    if (inputs.length !== 2)
      throw new ShapeError(`${kind} needs a second input, or a constant as its second operand`)
    return [inputs[0], inputs[1]]
  }
  if (inputs.length !== 1)
    throw new ShapeError(`${kind} has a constant operand, so it takes one input, not ${inputs.length}`)
  if (prod(p.constantShape) !== p.constant.length)
    throw new ShapeError(
      `${kind}'s constant has ${p.constant.length} values, but its shape [${fmt(p.constantShape)}] holds ${prod(p.constantShape)}`,
    )
  return p.constantFirst ? [p.constantShape, inputs[0]] : [inputs[0], p.constantShape]
}

/** NumPy broadcasting of two per-sample shapes, aligned from the right. */
export function broadcast(kind: string, a: Shape, b: Shape): Shape {
  const rank = Math.max(a.length, b.length)
  const at = (s: Shape, i: number) => s[s.length - rank + i] ?? 1
  return Array.from({ length: rank }, (_, i) => {
    const [x, y] = [at(a, i), at(b, i)]
    if (x !== y && x !== 1 && y !== 1)
      throw new ShapeError(`${kind} cannot broadcast [${fmt(a)}] with [${fmt(b)}]: ${x} against ${y}`)
    return Math.max(x, y)
  })
}

/**
 * A constant may not have more axes than the input it broadcasts against: whole tensors broadcast,
 * and its extra axis would meet the batch.
 */
export function notLonger(kind: string, constant: Shape, x: Shape): void {
  if (constant.length > x.length)
    throw new ShapeError(`${kind}'s constant [${fmt(constant)}] has more axes than its input [${fmt(x)}]`)
}

/** Two inputs must have as many axes: ONNX broadcasts whole tensors, and a shorter one would meet the batch. */
export function sameRank(kind: string, p: OperandValues, inputs: Shape[]): void {
  if (!hasConstant(p) && inputs.length === 2 && inputs[0].length !== inputs[1].length)
    throw new ShapeError(
      `${kind} needs its two inputs to have the same number of axes, but got [${fmt(inputs[0])}] and [${fmt(inputs[1])}]`,
    )
}

export function tfOperands(tf: Tf, xs: tfTypes.Tensor[], p: OperandValues): [tfTypes.Tensor, tfTypes.Tensor] {
  if (!hasConstant(p)) return [xs[0], xs[1]]
  const c = tf.tensor(p.constant, p.constantShape, 'float32')
  return p.constantFirst ? [c, xs[0]] : [xs[0], c]
}

export function onnxOperands(ctx: OnnxContext, xs: string[], p: OperandValues): [string, string] {
  if (!hasConstant(p)) return [xs[0], xs[1]]
  const c = ctx.constant('constant', Float32Array.from(p.constant), p.constantShape)
  return p.constantFirst ? [c, xs[0]] : [xs[0], c]
}

/** The constant as a tensor on the input's device and dtype (`x.new_tensor`). */
export function torchOperands(args: string[], p: OperandValues): [string, string] {
  if (!hasConstant(p)) return [args[0], args[1]]
  const values = p.constant.map(pyFloat)
  const c =
    p.constantShape.length === 0
      ? `${args[0]}.new_tensor(${values[0]})`
      : `${args[0]}.new_tensor([${values.join(', ')}]).reshape(${p.constantShape.join(', ')}${p.constantShape.length === 1 ? ',' : ''})`
  return p.constantFirst ? [c, args[0]] : [args[0], c]
}
