import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm'
import { pair, type KernelArgs, type Pad, type Tf, type TensorInfo } from './wasm-ops'

/**
 * AvgPoolGrad for pools whose windows tile the input (stride = window, no padding: LeNet's and
 * most CNNs' 2×2 pools), where every input pixel gets its window's dy / (fh·fw): one pass that
 * spreads dy, instead of tfjs-wasm 4.22's general loop (21 ms of a 147 ms LeNet step). Other
 * pools go to the built-in.
 */
export function avgPoolGrad(
  tf: Tf,
  args: KernelArgs,
  fallback: (args: KernelArgs) => TensorInfo,
): TensorInfo {
  const { dy, input } = args.inputs
  const attrs = args.attrs ?? {}
  const [fh, fw] = pair(attrs.filterSize as number | number[])
  const [sh, sw] = pair(attrs.strides as number | number[])
  if (dy.dtype !== 'float32' || input.shape.length !== 4 || fh !== sh || fw !== sw) return fallback(args)
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    [fh, fw],
    [sh, sw],
    1,
    attrs.pad as Pad as never,
    attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
  )
  const [n, h, w, c] = input.shape
  const { outHeight: ho, outWidth: wo } = info
  // every window inside the input: no padding on any side
  if (ho * fh > h || wo * fw > w) return fallback(args)
  const backend = args.backend as BackendWasm
  const out = backend.makeOutput(input.shape, 'float32')
  // views taken after the allocation, which may grow (and so detach) the heap
  const src = backend.typedArrayFromHeap(dy)
  const dst = backend.typedArrayFromHeap(out)
  // trailing rows and columns no window covers (valid pooling of an odd size) get nothing
  dst.fill(0)
  const scale = 1 / (fh * fw)
  const row = w * c
  for (let b = 0; b < n; b++)
    for (let oh = 0; oh < ho; oh++) {
      const from = (b * ho + oh) * wo * c
      const first = (b * h + oh * fh) * row
      for (let ow = 0; ow < wo; ow++)
        for (let j = 0; j < fw; j++) {
          const to = first + (ow * fw + j) * c
          const g = from + ow * c
          for (let ch = 0; ch < c; ch++) dst[to + ch] = src[g + ch] * scale
        }
      // the other rows of the window repeat the first
      for (let i = 1; i < fh; i++) dst.copyWithin(first + i * row, first, first + wo * fw * c)
    }
  return out
}
