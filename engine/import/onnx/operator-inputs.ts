/**
 * What the generic operator nodes' recognisers share: ONNX axes turned into the engine's axes of
 * the same value, and constant operands turned into engine-order constants. An ONNX tensor of
 * layout 'cf' is an engine image [H, W, C] that ONNX holds as [C, H, W]; an operator node works
 * on the engine's tensor, so its axes and constants are translated here, and where the result's
 * order could not be told apart from a channels-last one the node is refused, never imported
 * with numbers in the wrong places.
 */
import { permuted } from '../../export/onnx/layout'
import type { ConstantTensor, ImportValue, Layout, OnnxImportContext } from './types'

/** Constants kept in the graph document itself: enough for biases, scales and masks of small models. */
export const MAX_CONSTANT = 4096

/** The engine axis (1-based, batch excluded) for each per-sample ONNX axis 1…3 of an image. */
const IMAGE_AXIS = [0, 3, 1, 2]

/** The rank ONNX sees, batch included. */
export function onnxRank(x: ImportValue): number {
  if (x.layout === 'cf' || x.layout === 'gap') return 4
  if (x.layout === 'cfflat') return 2
  return x.shape.length + 1
}

/** The value's ONNX dims after the batch. */
export function onnxDims(x: ImportValue): number[] {
  if (x.layout === 'cf') return [x.shape[2], x.shape[0], x.shape[1]]
  if (x.layout === 'gap') return [x.shape[0], 1, 1]
  return x.shape
}

/** The engine axis (1-based) holding ONNX axis `a` of input `x`; refuses the batch axis. */
export function engineAxis(ctx: OnnxImportContext, x: ImportValue, a: number): number {
  const rank = onnxRank(x)
  const axis = a < 0 ? a + rank : a
  if (axis < 0 || axis >= rank) ctx.fail(`axis ${a} is outside its input's ${rank} axes`)
  if (axis === 0) ctx.fail('it works along the batch axis, which the engine keeps out of every layer')
  if (x.layout === 'cl') return axis
  if (x.layout === 'cf') return IMAGE_AXIS[axis]
  return ctx.fail(
    x.layout === 'gap'
      ? 'its input is a globally pooled image [N, C, 1, 1]; squeeze or flatten it first'
      : 'its input is an image flattened channels-first, an order the engine does not keep',
  )
}

/**
 * The layout of what is left of `x` once the engine axes `removed` are gone: an image's axes
 * keep their relative order in both layouts only when the channels go or at most one axis stays.
 */
export function layoutWithout(ctx: OnnxImportContext, x: ImportValue, removed: number[]): Layout {
  if (x.layout === 'cl') return 'cl'
  const left = 3 - new Set(removed).size
  if (removed.includes(3) || left <= 1) return 'cl'
  return ctx.fail(
    'it drops an axis of a channels-first image while keeping the channels beside another axis, an order the engine cannot hold',
  )
}

/** Input `i` as a float constant (integer constants converted), or null when it is not one. */
export function constantOperand(ctx: OnnxImportContext, i: number): ConstantTensor | null {
  const f = ctx.floats(i)
  if (f) return f
  const ints = ctx.ints(i)
  return ints ? { data: Float32Array.from(ints), dims: ctx.constantDims(i) ?? [ints.length] } : null
}

/**
 * A constant that ONNX broadcasts against `x`, as the engine-order constant that broadcasts the
 * same way against the engine's tensor: a leading batch axis of 1 dropped, an image constant
 * ([C, H, W] aligned to the right) permuted to [H, W, C].
 */
export function engineConstant(
  ctx: OnnxImportContext,
  x: ImportValue,
  c: ConstantTensor,
): { constant: number[]; constantShape: number[] } {
  if (c.data.length > MAX_CONSTANT)
    ctx.fail(
      `its constant operand has ${c.data.length.toLocaleString('en')} values; operator nodes keep constants in the graph, at most ${MAX_CONSTANT.toLocaleString('en')}`,
    )
  const values = Array.from(c.data)
  if (c.data.length === 1) return { constant: values, constantShape: [] }
  const rank = onnxRank(x)
  let dims = [...c.dims]
  if (dims.length > rank) ctx.fail(`its constant [${dims.join(', ')}] has more axes than its input`)
  if (dims.length === rank) {
    if (dims[0] !== 1) ctx.fail(`its constant [${dims.join(', ')}] differs along the batch axis`)
    dims = dims.slice(1)
  }
  if (x.layout === 'cl') return { constant: values, constantShape: dims }
  if (x.layout === 'cfflat' || dims.length === 0)
    return ctx.fail('its constant is not a single number, and its input is an image flattened channels-first')
  const chw = [...Array(3 - dims.length).fill(1), ...dims]
  if (x.layout === 'gap') {
    if (chw[1] !== 1 || chw[2] !== 1)
      ctx.fail(`its constant [${c.dims.join(', ')}] varies over the 1×1 of a globally pooled image`)
    return { constant: values, constantShape: [chw[0]] }
  }
  const hwc = permuted({ data: c.data, shape: chw }, [1, 2, 0])
  return { constant: Array.from(hwc.data), constantShape: hwc.shape }
}
