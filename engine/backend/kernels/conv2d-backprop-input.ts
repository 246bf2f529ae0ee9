import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm'
import { inputGradientInterior, inputGradientUnneeded, zerosOnWasm } from '../input-grads'
import { pair, withWasmOps, type KernelArgs, type Pad, type Tf, type TensorInfo } from './wasm-ops'

type Shape4 = [number, number, number, number]

/**
 * dx[n, oh·s + i − top, ow·s + j − left, ci] += dy[n,oh,ow,co] · f[i,j,ci,co]
 *
 * tfjs-wasm 4.22 computes this with a scalar C++ loop that dominates conv training time (93 of
 * 200 ms per LeNet step). Reading it backwards makes it a forward convolution XNNPACK runs as a
 * SIMD GEMM: stuff s−1 zeros between dy pixels (undoing the stride), border the result with
 * kh−1−top / kw−1−left pixels, and correlate at stride 1 with the filter flipped in space and
 * with its in/out channels swapped. The zeros cost s_h·s_w× the useful work on strided
 * convolutions, which still beats the scalar loop.
 *
 * Only the NHWC, undilated float32 case is handled; anything else (NCHW, dilations, which no
 * tfjs gradient produces anyway, a dy whose size does not match `inputShape`, borders so wide
 * that no dy pixel reaches the input) goes to `fallback`, the built-in kernel.
 */
export function conv2dBackpropInput(
  tf: Tf,
  args: KernelArgs,
  fallback: (args: KernelArgs) => TensorInfo,
): TensorInfo {
  const { dy, filter } = args.inputs
  const attrs = args.attrs ?? {}
  if (inputGradientUnneeded(filter)) return zerosOnWasm(args.backend, attrs.inputShape as number[])
  const dataFormat = attrs.dataFormat
  const nhwc = dataFormat == null || dataFormat === 'NHWC' || dataFormat === 'channelsLast'
  const dilations = pair(attrs.dilations as number | number[] | undefined)
  const float = dy.dtype === 'float32' && filter.dtype === 'float32'
  if (!nhwc || dilations[0] !== 1 || dilations[1] !== 1 || !float) return fallback(args)

  const inputShape = attrs.inputShape as Shape4
  const info = tf.backend_util.computeConv2DInfo(
    inputShape,
    filter.shape as Shape4,
    pair(attrs.strides as number | number[]),
    1,
    attrs.pad as Pad as never,
    attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
  )
  const [n, h, w, cin] = inputShape
  const [kh, kw, , cout] = filter.shape
  const { outHeight: ho, outWidth: wo, strideHeight: sh, strideWidth: sw } = info
  const { top, left } = info.padInfo
  // conv2dTranspose takes its output shape from the caller, and tfjs does not check it against
  // x: keep the built-in's behaviour for inconsistent shapes rather than guessing.
  const [dn, dh, dw, dc] = dy.shape
  if (dn !== n || dh !== ho || dw !== wo || dc !== cout || n * h * w * cin * cout === 0) return fallback(args)

  // Border around the zero-stuffed dy (ho·sh × wo·sw, the trailing s−1 zeros included) that
  // makes the stride-1 correlation yield exactly h×w pixels. A negative border means those dy
  // rows reach no input pixel (the trailing zeros, rows only `valid` padding dropped, or dy
  // under explicit pads wider than the filter), so they are cropped instead of padded.
  // Only the interior of a padded input may be read: compute that as if the padding were part
  // of the convolution's, and put it in place afterwards.
  const interior = inputGradientInterior(filter)
  const [hi, wi] = interior?.size ?? [h, w]
  const [ti, li] = [top + (interior?.begin[0] ?? 0), left + (interior?.begin[1] ?? 0)]
  const before = [kh - 1 - ti, kw - 1 - li]
  const after = [hi + ti - ho * sh, wi + li - wo * sw]
  const crop = [Math.max(0, -before[0]), Math.max(0, -before[1])]
  const keep = [ho * sh - crop[0] - Math.max(0, -after[0]), wo * sw - crop[1] - Math.max(0, -after[1])]
  if (keep[0] <= 0 || keep[1] <= 0) return fallback(args)

  const dx = withWasmOps(tf, args.backend, (ops) => {
    const g = ops.slice(ops.stuffStrides(dy, sh, sw), [0, crop[0], crop[1], 0], [n, keep[0], keep[1], cout])
    const pads: [number, number, number, number] = [
      Math.max(0, before[0]),
      Math.max(0, after[0]),
      Math.max(0, before[1]),
      Math.max(0, after[1]),
    ]
    const flipped = flipFilter(ops.backend, filter)
    try {
      return ops.conv('Conv2D', g, flipped, [1, 1], [1, 1], pads)
    } finally {
      ops.backend.disposeData(flipped.dataId)
    }
  })
  if (!interior) return dx
  const backend = args.backend as BackendWasm
  try {
    return embed(backend, dx, inputShape, interior.begin)
  } finally {
    backend.disposeData(dx.dataId)
  }
}

/** `inner` [n, hi, wi, c] placed at rows/columns `begin` of zeros of `shape`. */
function embed(backend: BackendWasm, inner: TensorInfo, shape: Shape4, begin: [number, number]): TensorInfo {
  const out = backend.makeOutput(shape, 'float32')
  // views taken after the allocation, which may grow (and so detach) the heap
  const src = backend.typedArrayFromHeap(inner)
  const dst = backend.typedArrayFromHeap(out)
  dst.fill(0)
  const [n, h, w, c] = shape
  const [, hi, wi] = inner.shape
  const run = wi * c
  for (let b = 0; b < n; b++)
    for (let i = 0; i < hi; i++) {
      const from = (b * hi + i) * run
      dst.set(src.subarray(from, from + run), ((b * h + i + begin[0]) * w + begin[1]) * c)
    }
  return out
}

/**
 * f[kh−1−i, kw−1−j, ci, co] laid out as a [kh, kw, cout, cin] filter, in one pass over the
 * wasm heap. tfjs-wasm's Reverse kernel costs ~50 ns an element (9 ms for a 3×3×128×128
 * filter, more than a tenth of the whole gradient), this loop a few.
 */
function flipFilter(backend: BackendWasm, filter: TensorInfo): TensorInfo {
  const [kh, kw, cin, cout] = filter.shape
  const out = backend.makeOutput([kh, kw, cout, cin], 'float32')
  // Views taken after the allocation, which may grow (and so detach) the heap.
  const src = backend.typedArrayFromHeap(filter)
  const dst = backend.typedArrayFromHeap(out)
  const taps = kh * kw
  const size = cin * cout
  for (let t = 0; t < taps; t++) {
    const from = t * size
    const to = (taps - 1 - t) * size
    for (let ci = 0; ci < cin; ci++) {
      for (let co = 0; co < cout; co++) dst[to + co * cin + ci] = src[from + ci * cout + co]
    }
  }
  return out
}
