import { inputGradientUnneeded, zerosOnWasm } from '../input-grads'
import { pair, withWasmOps, type KernelArgs, type Pad, type Tf, type TensorInfo } from './wasm-ops'

type Shape4 = [number, number, number, number]

function convInfo(tf: Tf, xShape: Shape4, filterShape: Shape4, attrs: Record<string, unknown>) {
  return tf.backend_util.computeConv2DInfo(
    xShape,
    filterShape,
    pair(attrs.strides as number | number[]),
    pair(attrs.dilations as number | number[] | undefined),
    attrs.pad as Pad as never,
    attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
    true,
  )
}

/**
 * dF[i,j,c,q] = Σ_{n,oh,ow} xPad[n, oh·s + i·d, ow·s + j·d, c] · dy[n,oh,ow,c·m+q]
 *
 * Folding the batch into the channels (x as [1,H,W,N·C], dy as an Ho×Wo filter over N·C
 * channels with multiplier m) turns this into one depthwise convolution, dilated by the
 * forward stride; the per-sample partial filters are then summed over N.
 */
export function depthwiseBackpropFilter(tf: Tf, args: KernelArgs): TensorInfo {
  const { x, dy } = args.inputs
  const attrs = args.attrs ?? {}
  const filterShape = attrs.filterShape as Shape4
  const info = convInfo(tf, x.shape as Shape4, filterShape, attrs)
  const [kh, kw, c, m] = filterShape
  const [n, h, w] = x.shape
  const { outHeight, outWidth, strideHeight: sh, strideWidth: sw } = info
  const { dilationHeight: dh, dilationWidth: dw } = info
  const { top, left } = info.padInfo
  const bottom = Math.max(0, (kh - 1) * dh + (outHeight - 1) * sh + 1 - h - top)
  const right = Math.max(0, (kw - 1) * dw + (outWidth - 1) * sw + 1 - w - left)

  return withWasmOps(tf, args.backend, (ops) => {
    const xT = ops.reshape(ops.transpose(x, [1, 2, 0, 3]), [1, h, w, n * c])
    const dyT = ops.reshape(ops.transpose(dy, [1, 2, 0, 3]), [outHeight, outWidth, n * c, m])
    const taps = ops.conv('DepthwiseConv2dNative', xT, dyT, [dh, dw], [sh, sw], [top, bottom, left, right])
    const cropped = ops.slice(taps, [0, 0, 0, 0], [1, kh, kw, n * c * m])
    const summed = ops.sum(ops.reshape(cropped, [kh * kw, n, c * m]), [1])
    return ops.reshape(summed, filterShape)
  })
}

/**
 * dx[n,h,w,c] = Σ_{q} (dy_q zero-stuffed by s) ⋆ rot180(f[:,:,c,q]), dilated by d.
 *
 * The stride is undone by stuffing s-1 zeros between dy pixels (a reshape + pad), after
 * which every output channel c·m+q is a stride-1 depthwise correlation with the flipped
 * filter; the m multiplier channels of each input channel are then summed.
 */
export function depthwiseBackpropInput(tf: Tf, args: KernelArgs): TensorInfo {
  const { dy, filter } = args.inputs
  const attrs = args.attrs ?? {}
  const inputShape = attrs.inputShape as Shape4
  if (inputGradientUnneeded(filter)) return zerosOnWasm(args.backend, inputShape)
  const info = convInfo(tf, inputShape, filter.shape as Shape4, attrs)
  const [n, h, w, c] = inputShape
  const [kh, kw, , m] = filter.shape
  const { outHeight: ho, outWidth: wo, strideHeight: sh, strideWidth: sw } = info
  const { dilationHeight: dh, dilationWidth: dw } = info
  const { top, left } = info.padInfo
  // Border to add around the stuffed dy so the correlation yields exactly h×w pixels. Negative
  // values are rows no input pixel sees (the trailing s-1 stuffed zeros, or dy under explicit
  // pads wider than the filter); those are cropped instead.
  const before = [(kh - 1) * dh - top, (kw - 1) * dw - left]
  const after = [h + top - ho * sh, w + left - wo * sw]

  return withWasmOps(tf, args.backend, (ops) => {
    let g = ops.stuffStrides(dy, sh, sw)
    const crop = [Math.max(0, -before[0]), Math.max(0, -before[1])]
    const keep = [
      g.shape[1] - crop[0] - Math.max(0, -after[0]),
      g.shape[2] - crop[1] - Math.max(0, -after[1]),
    ]
    g = ops.slice(g, [0, crop[0], crop[1], 0], [n, keep[0], keep[1], c * m])
    const flipped = ops.reshape(ops.run('Reverse', { x: filter }, { dims: [0, 1] }), [kh, kw, c * m, 1])
    const pads: [number, number, number, number] = [
      Math.max(0, before[0]),
      Math.max(0, after[0]),
      Math.max(0, before[1]),
      Math.max(0, after[1]),
    ]
    const full = ops.conv('DepthwiseConv2dNative', g, flipped, [1, 1], [dh, dw], pads)
    if (m === 1) return ops.reshape(full, inputShape)
    return ops.sum(ops.reshape(full, [n, h, w, c, m]), [4])
  })
}
