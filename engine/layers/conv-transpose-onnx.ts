/**
 * ONNX's ConvTranspose back to Conv2DTranspose. ONNX crops the full transposed output
 * ((H − 1)·s + k) by `pads` at the start and end and adds `output_padding` rows at the end; the
 * engine's paddings are fixed crops of that: 'valid' and 'same' as tfjs places them (what the
 * engine's own export writes), or p from both sides with outputPadding o rows given back at the
 * end, as PyTorch's ConvTranspose2d(padding=p, output_padding=o) does.
 */
import type { OnnxImportContext, Recognised } from '../import/onnx/types'
import { constantInput, imageInput, pairAttr, pairParam, vectorInput } from '../import/onnx/convert'
import { permuted } from '../export/onnx/layout'
import { transposePads } from '../export/onnx/emit'
import type { Padding } from './util'

export function convTransposeFromOnnx(ctx: OnnxImportContext): Recognised {
  imageInput(ctx)
  if (ctx.int('group', 1) !== 1) ctx.fail('grouped transposed convolutions have no engine layer')
  const w = constantInput(ctx, 1, 'weight', 4)
  const k = pairAttr(ctx, 'kernel_shape', w.dims.slice(2))
  const s = pairAttr(ctx, 'strides', [1, 1])
  if (pairAttr(ctx, 'dilations', [1, 1]).some((d) => d !== 1))
    ctx.fail('dilated transposed convolutions have no engine layer')
  if (ctx.string('auto_pad', 'NOTSET') !== 'NOTSET' || ctx.node.attrs.has('output_shape'))
    ctx.fail('only explicit pads (no auto_pad or output_shape) import')
  const pads = ctx.ints_('pads', [0, 0, 0, 0])
  const extra = pairAttr(ctx, 'output_padding', [0, 0])
  if (pads.length !== 4) ctx.fail(`its pads [${pads.join(', ')}] are not four numbers`)
  // what is cut from the start and the end of the full output on each axis
  const cut = (pad: Padding, o = 0) => {
    const p = transposePads(pad, k, s)
    return [...p.pads.slice(0, 2), ...p.pads.slice(2).map((e, i) => e - p.output_padding[i] - o)].join()
  }
  const want = [...pads.slice(0, 2), ...pads.slice(2).map((e, i) => e - extra[i])].join()
  let padding: Padding | null = (['valid', 'same'] as const).find((p) => cut(p) === want) ?? null
  let outputPadding = 0
  if (padding === null) {
    const [p, o] = [pads[0], pads[0] - (pads[2] - extra[0])]
    if (o >= 0 && o < Math.min(...s) && cut(p, o) === want) [padding, outputPadding] = [p, o]
  }
  if (padding === null)
    return ctx.fail(
      `its pads [${pads.join(', ')}] with output_padding [${extra.join(', ')}] are not one padding on every side with the same output_padding on both axes, nor TensorFlow's 'valid' or 'same'`,
    )
  const bias = vectorInput(ctx, 2, 'bias', w.dims[1])
  return {
    params: {
      filters: w.dims[1],
      kernelSize: pairParam(k),
      strides: pairParam(s),
      padding,
      ...(outputPadding ? { outputPadding } : {}),
      useBias: bias !== null,
    },
    // ONNX [in, out, kh, kw] as tfjs' [kh, kw, out, in]
    weights: { kernel: permuted({ data: w.data, shape: w.dims }, [2, 3, 1, 0]), ...(bias ? { bias } : {}) },
  }
}
