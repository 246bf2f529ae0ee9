/**
 * Pieces the layers' ONNX recognisers share: reading an image input, constant weights, window
 * attributes and ONNX pads as the engine's Padding, and the kernel layout conversions (the
 * inverses of export/onnx/emit.ts's).
 */
import type { Weight } from '../../export/onnx/types'
import { permuted, windowPads } from '../../export/onnx/layout'
import type { Shape } from '../../layers/types'
import type { Padding } from '../../layers/util'
import type { ConstantTensor, OnnxImportContext } from './types'

/** Input `i` as an NCHW image; returns its engine shape [H, W, C]. */
export function imageInput(ctx: OnnxImportContext, i = 0): Shape {
  const x = ctx.input(i)
  if (x.layout !== 'cf' || x.shape.length !== 3)
    ctx.fail(
      `it needs a channels-first image [N, C, H, W] as input ${i + 1}, but gets a tensor of ${x.shape.length + 1} axes in another layout`,
    )
  return x.shape
}

/** Input `i` as constant floats of the given rank (a weight), or a refusal naming it. */
export function constantInput(
  ctx: OnnxImportContext,
  i: number,
  what: string,
  rank?: number,
): ConstantTensor {
  const t = ctx.floats(i)
  if (!t) return ctx.fail(`its ${what} is computed in the graph, not a stored constant`)
  if (rank !== undefined && t.dims.length !== rank)
    ctx.fail(`its ${what} has dims [${t.dims.join(', ')}], not ${rank} axes`)
  return t
}

export const asWeight = (t: ConstantTensor, shape = t.dims): Weight => ({ data: t.data, shape })

/** An optional per-channel vector input (a bias), checked against `size`. */
export function vectorInput(ctx: OnnxImportContext, i: number, what: string, size: number): Weight | null {
  if (!ctx.node.inputs[i]) return null
  const t = constantInput(ctx, i, what)
  if (t.data.length !== size) ctx.fail(`its ${what} has ${t.data.length} values for ${size} channels`)
  return { data: t.data, shape: [size] }
}

/** ONNX [O, I, kh, kw] as tfjs' [kh, kw, I, O]. */
export const hwio = (w: ConstantTensor): Weight => permuted(asWeight(w), [2, 3, 1, 0])

/** A grouped Conv's [C·m, 1, kh, kw] as tfjs' depthwise [kh, kw, C, m]. */
export function depthwiseHwcm(w: ConstantTensor, c: number): Weight {
  const [cm, , kh, kw] = w.dims
  return permuted({ data: w.data, shape: [c, cm / c, kh, kw] }, [2, 3, 0, 1])
}

/** A 2-D size attribute ([h, w]) that must be 2 long; `fallback` when absent. */
export function pairAttr(ctx: OnnxImportContext, name: string, fallback: number[]): [number, number] {
  const v = ctx.ints_(name, fallback)
  if (v.length !== 2) ctx.fail(`its ${name} [${v.join(', ')}] is not two numbers (only 2-D windows import)`)
  return [v[0], v[1]]
}

/**
 * What every 2-D Conv node holds, read and checked: the NCHW input's engine shape, the constant
 * [O, I, kh, kw] weight, the window as registry params (padding included) and the optional bias.
 */
export function convNode(ctx: OnnxImportContext) {
  const x = imageInput(ctx)
  const w = constantInput(ctx, 1, 'weight', 4)
  const k = pairAttr(ctx, 'kernel_shape', w.dims.slice(2))
  const s = pairAttr(ctx, 'strides', [1, 1])
  const d = pairAttr(ctx, 'dilations', [1, 1])
  const bias = vectorInput(ctx, 2, 'bias', w.dims[0])
  const window = {
    kernelSize: pairParam(k),
    strides: pairParam(s),
    padding: importPadding(ctx, x.slice(0, 2), k, s, d),
    useBias: bias !== null,
  }
  const biasWeight: Record<string, Weight> = bias ? { bias } : {}
  return { x, w, d, window, bias: biasWeight }
}

/** [h, w] as the registry's pair value: one number when both agree. */
export const pairParam = ([a, b]: number[]): number | [number, number] => (a === b ? a : [a, b])

/**
 * ONNX `pads`/`auto_pad` as the engine's Padding: TensorFlow's 'same' when the numbers are the
 * ones it would pick, else one pad on every side. `zerosCounted` is AveragePool's
 * count_include_pad: the engine's explicit pad counts zeros, its 'same' does not.
 */
export function importPadding(
  ctx: OnnxImportContext,
  size: number[],
  k: number[],
  s: number[],
  d: number[],
  zerosCounted?: boolean,
): Padding {
  const auto = ctx.string('auto_pad', 'NOTSET')
  if (auto === 'VALID') return 'valid'
  if (auto === 'SAME_UPPER' && zerosCounted !== true) return 'same'
  const pads = auto === 'NOTSET' ? ctx.ints_('pads', [0, 0, 0, 0]) : null
  if (!pads) return ctx.fail(`auto_pad '${auto}' has no Deepwire equivalent`)
  if (pads.length !== 4) ctx.fail(`its pads [${pads.join(', ')}] are not four numbers`)
  if (pads.every((p) => p === 0)) return 'valid'
  const same = windowPads('same', size, k, s, d)
  if (zerosCounted !== true && pads.join() === same.join()) return 'same'
  if (zerosCounted !== false && pads.every((p) => p === pads[0])) return pads[0]
  return ctx.fail(
    `its pads [${pads.join(', ')}] are neither equal on every side nor TensorFlow's 'same' [${same.join(', ')}]${zerosCounted === undefined ? '' : ` for count_include_pad=${zerosCounted ? 1 : 0}`}`,
  )
}

/**
 * A Dense kernel [in, out] whose rows ONNX numbered in C, H, W order (a Flatten of an NCHW image)
 * re-ordered for the engine's H, W, C Flatten, so each input value meets the same weights.
 */
export function rowsForChannelsLast(kernel: Weight, [h, w, c]: Shape): Weight {
  const out = kernel.shape[1]
  const data = new Float32Array(kernel.data.length)
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let ch = 0; ch < c; ch++) {
        const from = ((ch * h + y) * w + x) * out
        const to = ((y * w + x) * c + ch) * out
        data.set(kernel.data.subarray(from, from + out), to)
      }
  return { data, shape: kernel.shape }
}

/** The input of a Dense: a vector or sequence, or a flattened NCHW image (rows re-ordered). */
export function denseKernel(ctx: OnnxImportContext, kernel: Weight): Weight {
  const x = ctx.input(0)
  if (x.layout === 'cfflat') return rowsForChannelsLast(kernel, x.image!)
  if (x.layout !== 'cl')
    ctx.fail(`its input is a channels-first image; flatten it first (a Dense acts on the last axis)`)
  if (x.shape.at(-1) !== kernel.shape[0])
    ctx.fail(`its weight has ${kernel.shape[0]} rows but the input has ${x.shape.at(-1)} features`)
  return kernel
}
