/**
 * The layout strategy of the ONNX export, decided here and nowhere else.
 *
 * The engine is channels-last; ONNX's Conv, pooling, BatchNormalization and Resize want
 * channels-first. Inside the exported graph a tensor's layout is a function of its per-sample
 * rank alone:
 *  - rank 3, an image [H, W, C], is stored NCHW;
 *  - every other rank (vectors [F], sequences [T, C], anything reshaped to 4+ axes) keeps the
 *    engine's order.
 * Graph inputs and outputs stay in the engine's NHWC, so the file takes the same arrays as the
 * app; an image input gets one Transpose after it and an image output one before it. A layer that
 * needs channels-last data (Flatten, Reshape, Permute, LayerNorm, Embedding) converts with
 * `toChannelsLast` and converts its result back with `toStorage`; Flatten after a convolution
 * therefore flattens in H, W, C order and the Dense weights after it are used unchanged. Conv1D
 * transposes its [T, C] input to [C, T] locally. Consecutive transposes fold (see
 * `OnnxContext.transpose`), so conv → conv chains carry no layout traffic at all.
 *
 * Weights are converted once at export: HWIO conv kernels become OIHW, and TensorFlow's 'same'
 * padding becomes explicit (possibly asymmetric) `pads`.
 */
import type { Shape } from '../../layers/types'
import type { Padding } from '../../layers/util'
import type { OnnxContext, Weight } from './types'

export const isChannelsFirst = (shape: Shape): boolean => shape.length === 3

/** NHWC → NCHW and back. */
export const TO_NCHW = [0, 3, 1, 2]
export const TO_NHWC = [0, 2, 3, 1]

/** The ONNX axis (batch = 0) of the engine's per-sample axis `i` (0-based, negatives from the end). */
export function storageAxis(shape: Shape, i: number): number {
  const a = i < 0 ? shape.length + i : i
  return isChannelsFirst(shape) ? [2, 3, 1][a] : a + 1
}

/** The ONNX axis holding the channels (the engine's last axis). */
export const channelAxis = (shape: Shape): number => storageAxis(shape, -1)

type Transposer = Pick<OnnxContext, 'transpose'>

export function toChannelsLast(ctx: Transposer, x: string, shape: Shape): string {
  return isChannelsFirst(shape) ? ctx.transpose(x, TO_NHWC) : x
}

/** From the engine's channels-last order into the storage layout of a tensor of this shape. */
export function toStorage(ctx: Transposer, x: string, shape: Shape): string {
  return isChannelsFirst(shape) ? ctx.transpose(x, TO_NCHW) : x
}

/**
 * ONNX `pads` ([begin…, end…]) for a sliding window. TensorFlow's 'same' puts the odd pixel of
 * the total pad at the end (bottom/right), which ONNX's SAME_UPPER also does, but spelling the
 * numbers out keeps the file independent of auto_pad's edge cases.
 */
export function windowPads(pad: Padding, size: number[], k: number[], s: number[], d?: number[]): number[] {
  if (typeof pad === 'number') return [...size.map(() => pad), ...size.map(() => pad)]
  if (pad === 'valid') return [...size.map(() => 0), ...size.map(() => 0)]
  const total = size.map((n, i) => {
    const span = (k[i] - 1) * (d?.[i] ?? 1) + 1
    return Math.max((Math.ceil(n / s[i]) - 1) * s[i] + span - n, 0)
  })
  return [...total.map((t) => Math.floor(t / 2)), ...total.map((t) => t - Math.floor(t / 2))]
}

/** A weight with its axes permuted (`perm` as in numpy.transpose), then given new `dims`. */
export function permuted(w: Weight, perm: number[], dims?: number[]): Weight {
  const rank = w.shape.length
  const outShape = perm.map((p) => w.shape[p])
  const inStrides = new Array<number>(rank)
  for (let i = rank - 1, s = 1; i >= 0; i--) {
    inStrides[i] = s
    s *= w.shape[i]
  }
  const strides = perm.map((p) => inStrides[p])
  const out = new Float32Array(w.data.length)
  const idx = new Array<number>(rank).fill(0)
  for (let o = 0; o < out.length; o++) {
    let src = 0
    for (let i = 0; i < rank; i++) src += idx[i] * strides[i]
    out[o] = w.data[src]
    for (let i = rank - 1; i >= 0; i--) {
      if (++idx[i] < outShape[i]) break
      idx[i] = 0
    }
  }
  return { data: out, shape: dims ?? outShape }
}
