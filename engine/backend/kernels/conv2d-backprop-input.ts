import { pair, withWasmOps, type KernelArgs, type Pad, type Tf, type TensorInfo } from './wasm-ops'

type Shape4 = [number, number, number, number]

/**
 * dx[n,h,w,ci] = Σ_{i,j,co} dy[n, oh, ow, co] · f[i,j,ci,co]   where h = oh·s + i − top, w = ow·s + j − left
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
  const before = [kh - 1 - top, kw - 1 - left]
  const after = [h + top - ho * sh, w + left - wo * sw]
  const crop = [Math.max(0, -before[0]), Math.max(0, -before[1])]
  const keep = [
    ho * sh - crop[0] - Math.max(0, -after[0]),
    wo * sw - crop[1] - Math.max(0, -after[1]),
  ]
  if (keep[0] <= 0 || keep[1] <= 0) return fallback(args)

  return withWasmOps(tf, args.backend, (ops) => {
    let g = dy
    if (sh > 1 || sw > 1) {
      // Interleave the zeros with one pad of a 6-D view: each dy pixel gets an (sh, sw) block
      // whose first entry is the pixel and whose rest is zero.
      const spread = ops.reshape(dy, [n, ho, 1, wo, 1, cout])
      const paddings = [
        [0, 0],
        [0, 0],
        [0, sh - 1],
        [0, 0],
        [0, sw - 1],
        [0, 0],
      ]
      const stuffed = ops.run('PadV2', { x: spread }, { paddings, constantValue: 0 })
      g = ops.reshape(stuffed, [n, ho * sh, wo * sw, cout])
    }
    g = ops.slice(g, [0, crop[0], crop[1], 0], [n, keep[0], keep[1], cout])
    // f[kh−1−i, kw−1−j, ci, co] laid out as a [kh, kw, cout, cin] filter.
    const flipped = ops.run('Reverse', { x: filter }, { dims: [0, 1] })
    const swapped = ops.transpose(flipped, [0, 1, 3, 2])
    const pads: [number, number, number, number] = [
      Math.max(0, before[0]),
      Math.max(0, after[0]),
      Math.max(0, before[1]),
      Math.max(0, after[1]),
    ]
    return ops.conv('Conv2D', g, swapped, [1, 1], [1, 1], pads)
  })
}
