/**
 * Emitter pieces shared by several layer types: activations (standalone or fused into Dense and
 * convolutions), convolution nodes with their initializers, kernel layout conversions and the
 * pooling/merge families. Each layer's own `toOnnx` lives beside its definition in engine/layers.
 */
import type { Shape } from '../../layers/types'
import type { Padding } from '../../layers/util'
import { channelAxis, isChannelsFirst, permuted } from './layout'
import type { Attrs } from './proto'
import type { OnnxContext, Weight } from './types'

/** tfjs activation names (the engine's ACTIVATIONS) as ONNX nodes; `axis` is softmax's. */
export function activation(ctx: OnnxContext, x: string, act: string, axis: number): string {
  switch (act) {
    case 'linear':
      return x
    case 'relu':
      return ctx.op('Relu', [x])
    case 'relu6':
      return ctx.op('Clip', [x, ctx.constant('min', [0], []), ctx.constant('max', [6], [])])
    case 'sigmoid':
      return ctx.op('Sigmoid', [x])
    case 'tanh':
      return ctx.op('Tanh', [x])
    case 'softmax':
      return ctx.op('Softmax', [x], { axis })
    case 'elu':
      return ctx.op('Elu', [x], { alpha: { float: 1 } })
    case 'selu':
      // ONNX's default alpha and gamma are the float32 values of the constants tfjs uses
      return ctx.op('Selu', [x])
    case 'swish':
      return ctx.op('Mul', [x, ctx.op('Sigmoid', [x])])
    case 'gelu': {
      // Gelu only became an operator in opset 20; this is tfjs' exact form x·½(1 + erf(x/√2))
      const erf = ctx.op('Erf', [ctx.op('Div', [x, ctx.constant('sqrt2', [Math.SQRT2], [])])])
      const cdf = ctx.op('Mul', [
        ctx.op('Add', [erf, ctx.constant('one', [1], [])]),
        ctx.constant('half', [0.5], []),
      ])
      return ctx.op('Mul', [x, cdf])
    }
    default:
      return ctx.fail(`activation '${act}' has no ONNX form`)
  }
}

/** The activation parameter of Dense and the convolutions, on the output's channel axis. */
export const fusedActivation = (ctx: OnnxContext, x: string, act: string): string =>
  activation(ctx, x, act, channelAxis(ctx.outputShape))

/** A Conv or ConvTranspose node with its kernel and optional bias as `<id>.[prefix]weight|bias`. */
export function convOp(
  ctx: OnnxContext,
  op: 'Conv' | 'ConvTranspose',
  x: string,
  w: Weight,
  bias: Weight | null,
  attrs: Attrs,
  prefix = '',
): string {
  const inputs = [x, ctx.constant(`${prefix}weight`, w.data, w.shape)]
  if (bias) inputs.push(ctx.constant(`${prefix}bias`, bias.data, bias.shape))
  return ctx.op(op, inputs, attrs)
}

/** tfjs' [kh, kw, in, out] (or [k, in, out]) kernel as ONNX's [out, in, kh, kw] ([out, in, k]). */
export const oihw = (w: Weight): Weight => permuted(w, w.shape.length === 4 ? [3, 2, 0, 1] : [2, 1, 0])

/** tfjs' depthwise [kh, kw, C, m] kernel as a grouped Conv's [C·m, 1, kh, kw]; channel c·m + j. */
export function depthwiseKernel(w: Weight): Weight {
  const [kh, kw, c, m] = w.shape
  return permuted(w, [2, 3, 0, 1], [c * m, 1, kh, kw])
}

/**
 * ConvTranspose pads and output_padding reproducing tfjs' sizes (see transposeSizes in conv.ts).
 * The full scatter is (in − 1)·s + k; 'same' crops k − s of it, bottom/right getting the odd
 * pixel like TensorFlow, and when k < s both 'same' and 'valid' append s − k bias-only rows, which
 * is exactly what output_padding adds.
 */
export function transposePads(pad: Padding, k: number[], s: number[]) {
  if (typeof pad === 'number') return { pads: [pad, pad, pad, pad], output_padding: [0, 0] }
  const crop = k.map((ki, i) => (pad === 'same' ? Math.max(ki - s[i], 0) : 0))
  return {
    pads: [...crop.map((c) => Math.floor(c / 2)), ...crop.map((c) => c - Math.floor(c / 2))],
    output_padding: k.map((ki, i) => Math.max(s[i] - ki, 0)),
  }
}

/**
 * Runs `f` on `x` with the channels moved to axis 1, where BatchNormalization expects them; a
 * no-op for vectors and (NCHW) images, a transpose pair for sequences and higher ranks.
 */
export function withChannelsAt1(ctx: OnnxContext, x: string, shape: Shape, f: (x: string) => string): string {
  if (channelAxis(shape) === 1) return f(x)
  const last = shape.length
  const perm = [0, last, ...Array.from({ length: last - 1 }, (_, i) => i + 1)]
  const inverse = perm.map((_, i) => perm.indexOf(i))
  return ctx.transpose(f(ctx.transpose(x, perm)), inverse)
}

/** GlobalAvgPool / GlobalMaxPool: over H, W of an image, over T of a sequence. */
export function globalPool(ctx: OnnxContext, kind: 'Average' | 'Max'): string {
  const [x] = ctx.inputs
  if (isChannelsFirst(ctx.inputShapes[0]))
    return ctx.op('Flatten', [ctx.op(`Global${kind}Pool`, [x])], { axis: 1 })
  return ctx.op(kind === 'Average' ? 'ReduceMean' : 'ReduceMax', [x], { axes: [1], keepdims: 0 })
}

/** Add, Multiply and Average of two or more same-shaped (so same-layout) tensors. */
export function mergeOp(ctx: OnnxContext, kind: string): string {
  const xs = ctx.inputs
  switch (kind) {
    case 'Add':
      return ctx.op(xs.length === 2 ? 'Add' : 'Sum', xs)
    case 'Average':
      return ctx.op('Mean', xs)
    case 'Multiply':
      return xs.slice(1).reduce((acc, x) => ctx.op('Mul', [acc, x]), xs[0])
    default:
      return ctx.fail(`no ONNX operator for the merge '${kind}'`)
  }
}
