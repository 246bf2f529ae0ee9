import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm'
import { pair, type KernelArgs, type Pad, type Tf, type TensorInfo } from './wasm-ops'

/**
 * MaxPoolGrad as one pass over the windows with all channels side by side: each window's
 * maximum (the first one, in row-major order, as tfjs' cpu backend picks it) gets the window's
 * dy. tfjs-wasm 4.22's kernel took 244 ms for ResNet-18's [32, 50, 50, 64] stem pool, 3–4 % of
 * a step; this pass reads every window once.
 */
export function maxPoolGrad(
  tf: Tf,
  args: KernelArgs,
  fallback: (args: KernelArgs) => TensorInfo,
): TensorInfo {
  const { dy, input } = args.inputs
  const attrs = args.attrs ?? {}
  if (dy.dtype !== 'float32' || input.dtype !== 'float32' || input.shape.length !== 4) return fallback(args)
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    pair(attrs.filterSize as number | number[]),
    pair(attrs.strides as number | number[]),
    1,
    attrs.pad as Pad as never,
    attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
  )
  const [n, h, w, c] = input.shape
  const { outHeight: ho, outWidth: wo, strideHeight: sh, strideWidth: sw } = info
  const { filterHeight: fh, filterWidth: fw } = info
  const { top, left } = info.padInfo
  const backend = args.backend as BackendWasm
  const out = backend.makeOutput(input.shape, 'float32')
  // views taken after the allocation, which may grow (and so detach) the heap
  const x = backend.typedArrayFromHeap(input)
  const g = backend.typedArrayFromHeap(dy)
  const dx = backend.typedArrayFromHeap(out)
  dx.fill(0)
  const best = new Float64Array(c)
  const at = new Int32Array(c)
  for (let b = 0; b < n; b++)
    for (let oh = 0; oh < ho; oh++) {
      const r0 = Math.max(0, oh * sh - top)
      const r1 = Math.min(h, oh * sh - top + fh)
      for (let ow = 0; ow < wo; ow++) {
        const c0 = Math.max(0, ow * sw - left)
        const c1 = Math.min(w, ow * sw - left + fw)
        best.fill(-Infinity)
        at.fill(-1)
        for (let r = r0; r < r1; r++)
          for (let col = c0; col < c1; col++) {
            const base = ((b * h + r) * w + col) * c
            for (let d = 0; d < c; d++)
              if (x[base + d] > best[d]) {
                best[d] = x[base + d]
                at[d] = base + d
              }
          }
        const from = ((b * ho + oh) * wo + ow) * c
        for (let d = 0; d < c; d++) if (at[d] >= 0) dx[at[d]] += g[from + d]
      }
    }
  return out
}
