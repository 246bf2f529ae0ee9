import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm'
import type { KernelArgs, Tf, TensorInfo } from './wasm-ops'

type Paddings = Array<[number, number]>

// The paddings each padded tensor was made with, by its data: a convolution's input gradient
// on a padded input then only needs the interior (see ../input-grads.ts). Weak, so the record
// goes with the tensor.
const madeBy = new WeakMap<object, Paddings>()

/** The paddings of the PadV2 that produced `t`, if one did. */
export function paddingsOf(t: TensorInfo): Paddings | undefined {
  return madeBy.get(t.dataId)
}

/**
 * PadV2 by row copies on the wasm heap: tfjs-wasm 4.22 pads element by element (~60 ns an
 * element, 16 ms for LeNet's [256, 28, 28, 1] input); here the output is filled once and every
 * run of the input that stays contiguous is one memcpy.
 */
export function padV2(_tf: Tf, args: KernelArgs, fallback: (args: KernelArgs) => TensorInfo): TensorInfo {
  const { x } = args.inputs
  const paddings = (args.attrs?.paddings ?? []) as Paddings
  const value = Number(args.attrs?.constantValue ?? 0)
  const shape = x.shape
  const rank = shape.length
  if ((x.dtype !== 'float32' && x.dtype !== 'int32') || rank === 0 || shape.some((d) => d === 0)) {
    return fallback(args)
  }
  const backend = args.backend as BackendWasm
  const outShape = shape.map((d, i) => paddings[i][0] + d + paddings[i][1])
  const out = backend.makeOutput(outShape, x.dtype)
  // views taken after the allocation, which may grow (and so detach) the heap
  const src = backend.typedArrayFromHeap(x)
  const dst = backend.typedArrayFromHeap(out)
  dst.fill(value)
  // the trailing unpadded axes and the last padded one are copied as one run
  let k = rank - 1
  while (k > 0 && paddings[k][0] === 0 && paddings[k][1] === 0) k--
  const outStride = outShape.map((_, i) => outShape.slice(i + 1).reduce((a, b) => a * b, 1))
  const run = shape.slice(k).reduce((a, b) => a * b, 1)
  const count = shape.slice(0, k).reduce((a, b) => a * b, 1)
  const idx = new Array<number>(k).fill(0)
  const base = paddings.reduce((o, p, i) => o + p[0] * outStride[i], 0)
  for (let r = 0, from = 0; r < count; r++, from += run) {
    let to = base
    for (let i = 0; i < k; i++) to += idx[i] * outStride[i]
    dst.set(src.subarray(from, from + run), to)
    for (let i = k - 1; i >= 0; i--) {
      if (++idx[i] < shape[i]) break
      idx[i] = 0
    }
  }
  madeBy.set(
    out.dataId,
    paddings.map(([a, b]) => [a, b]),
  )
  return out
}
