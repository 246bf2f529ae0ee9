/**
 * The filter gradient of a 2-D convolution as one matrix product per filter tap, for webgpu. tfjs'
 * webgpu kernel gives each filter weight one GPU thread that loops over batch × height × width
 * alone: LeNet's first layer is 150 threads of 200,000 iterations each at batch 256, so an H200
 * trained LeNet barely faster than one CPU core. Here each tap (i, j) takes the strided window of
 * the padded input that meets dy there and multiplies it with dy over every sample and position,
 * [Cin, N·OH·OW] × [N·OH·OW, Cout]: work the backend's matrix kernel spreads over all its cores.
 * Memory stays one input-sized window at a time (an im2col of VGG's first layers would take
 * gigabytes). Written against kernels, not ops, because it replaces a kernel: the fused
 * convolution that tfjs-layers uses takes its gradient from the kernel directly.
 */
import type * as tfjs from '@tensorflow/tfjs'

type Tf = typeof tfjs
type Info = tfjs.TensorInfo

export interface ConvGradAttrs {
  strides: number | [number, number]
  pad: 'valid' | 'same' | number | tfjs.backend_util.ExplicitPadding
  dimRoundingMode?: 'floor' | 'round' | 'ceil'
  filterShape: [number, number, number, number]
  dataFormat?: 'NHWC' | 'NCHW'
}

interface KernelArgs {
  inputs: Record<string, Info> | Info[]
  backend: tfjs.KernelBackend
  attrs?: Record<string, unknown>
}

export function filterGradByMatMul(
  tf: Tf,
  backend: tfjs.KernelBackend,
  x: Info,
  dy: Info,
  attrs: ConvGradAttrs,
): Info {
  const made: Info[] = []
  const run = (name: string, inputs: KernelArgs['inputs'], kernelAttrs: Record<string, unknown>): Info => {
    const kernel = tf.getKernel(name, tf.getBackend())
    if (!kernel) throw new Error(`the ${tf.getBackend()} backend has no ${name} kernel`)
    const out = kernel.kernelFunc({ inputs, backend, attrs: kernelAttrs } as never) as Info
    made.push(out)
    return out
  }
  const [n] = x.shape
  const [kh, kw, cin, cout] = attrs.filterShape
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  )
  const { top, bottom, left, right } = info.padInfo
  const { outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw } = info
  const paddings = [
    [0, 0],
    [top, bottom],
    [left, right],
    [0, 0],
  ]
  const padded = top || bottom || left || right ? run('PadV2', { x }, { paddings, constantValue: 0 }) : x
  const rows = n * oh * ow
  const d = run('Reshape', { x: dy }, { shape: [rows, cout] })
  const noMasks = { beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0 }
  const taps: Info[] = []
  for (let i = 0; i < kh; i++)
    for (let j = 0; j < kw; j++) {
      const end = [n, i + (oh - 1) * sh + 1, j + (ow - 1) * sw + 1, cin]
      const window = run(
        'StridedSlice',
        { x: padded },
        { begin: [0, i, j, 0], end, strides: [1, sh, sw, 1], ...noMasks },
      )
      const a = run('Reshape', { x: window }, { shape: [rows, cin] })
      taps.push(run('BatchMatMul', { a, b: d }, { transposeA: true, transposeB: false }))
    }
  const stacked = run('Pack', taps, { axis: 0 })
  const result = run('Reshape', { x: stacked }, { shape: attrs.filterShape })
  // a reshape shares its input's data with a reference count: each intermediate gives one back
  for (const t of made) if (t !== result) backend.disposeData(t.dataId)
  return result
}

/** Puts the kernel above in place of `backendName`'s Conv2DBackpropFilter (NHWC; NCHW keeps it). */
export function registerConvFilterKernel(tf: Tf, backendName: string): void {
  const built = tf.getKernel('Conv2DBackpropFilter', backendName)
  if (!built || (built as { deepwire?: boolean }).deepwire) return
  const kernelFunc = (args: KernelArgs): Info => {
    const attrs = args.attrs as unknown as ConvGradAttrs
    const { x, dy } = args.inputs as Record<string, Info>
    if ((attrs.dataFormat ?? 'NHWC') !== 'NHWC') return built.kernelFunc(args as never) as Info
    return filterGradByMatMul(tf, args.backend, x, dy, attrs)
  }
  tf.unregisterKernel('Conv2DBackpropFilter', backendName)
  tf.registerKernel({ ...built, kernelFunc, deepwire: true } as unknown as tfjs.KernelConfig)
}
