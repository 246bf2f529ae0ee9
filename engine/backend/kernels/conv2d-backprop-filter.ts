import {
  assertNhwc,
  pair,
  withWasmOps,
  type KernelArgs,
  type Pad,
  type Tf,
  type TensorInfo,
} from './wasm-ops'

/**
 * dW[i,j,ci,co] = Σ_{n,oh,ow} xPad[n, oh·s + i·d, ow·s + j·d, ci] · dy[n,oh,ow,co]
 *
 * Read with ci as the batch, n as the input channel and dy as a (huge) filter, this is a
 * plain stride-d convolution whose filter is dilated by the forward stride s. That hands the
 * whole reduction to XNNPACK's SIMD GEMM instead of a scalar JS loop.
 */
export function conv2dBackpropFilter(tf: Tf, args: KernelArgs): TensorInfo {
  const { x, dy } = args.inputs
  const attrs = args.attrs ?? {}
  assertNhwc('Conv2DBackpropFilter', attrs.dataFormat)
  const filterShape = attrs.filterShape as [number, number, number, number]
  const strides = pair(attrs.strides as number | number[])
  const dilations = pair(attrs.dilations as number | number[] | undefined)
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    dilations,
    attrs.pad as Pad as never,
    attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
  )
  const [kh, kw, cin, cout] = filterShape
  const { outHeight, outWidth, strideHeight: sh, strideWidth: sw } = info
  const { dilationHeight: dh, dilationWidth: dw } = info
  const { top, left } = info.padInfo
  // Pad so the correlation yields exactly kh×kw taps; valid padding may leave trailing input
  // rows unused, which shows up as extra output taps that are cropped afterwards.
  const bottom = Math.max(0, (kh - 1) * dh + (outHeight - 1) * sh + 1 - x.shape[1] - top)
  const right = Math.max(0, (kw - 1) * dw + (outWidth - 1) * sw + 1 - x.shape[2] - left)

  return withWasmOps(tf, args.backend, (ops) => {
    const xT = ops.transpose(x, [3, 1, 2, 0])
    const dyT = ops.transpose(dy, [1, 2, 0, 3])
    const taps = ops.conv('Conv2D', xT, dyT, [dh, dw], [sh, sw], [top, bottom, left, right])
    const cropped = ops.slice(taps, [0, 0, 0, 0], [cin, kh, kw, cout])
    return ops.transpose(cropped, [1, 2, 0, 3])
  })
}
