import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm'
import type { KernelArgs, Tf, TensorInfo } from './wasm-ops'

const LARGE = 1 << 21

/**
 * Sum and Mean over leading axes of large tensors (a bias or BatchNorm gradient: [N, H, W, C] →
 * [C]) as one pass that adds whole rows. tfjs-wasm 4.22 first transposes the input so the reduced
 * axes come last, which falls out of cache on large activations: 28–34 ms for [32, 48, 48, 64]
 * against 14 ms here. (A GEMM with a row of ones would be faster still if XNNPACK did not repack
 * its right operand, here the activation, on every call: 94 ms.) Other reductions go to the
 * built-in.
 */
function reduceLeading(tf: Tf, args: KernelArgs, fallback: (args: KernelArgs) => TensorInfo, mean: boolean) {
  const { x } = args.inputs
  const attrs = args.attrs ?? {}
  const rank = x.shape.length
  if (x.dtype !== 'float32' || rank < 2) return fallback(args)
  const axes = tf.util.parseAxisParam(attrs.axis as number | number[], x.shape).sort((a, b) => a - b)
  const k = axes.length
  if (k === 0 || k === rank || axes.some((a, i) => a !== i)) return fallback(args)
  const rows = x.shape.slice(0, k).reduce((a, b) => a * b, 1)
  const kept = x.shape.slice(k)
  const cols = kept.reduce((a, b) => a * b, 1)
  // below this tfjs' transpose stays in cache and the built-in is as fast as a JS pass
  if (rows * cols < LARGE || cols < 16) return fallback(args)
  const outShape = attrs.keepDims ? [...new Array<number>(k).fill(1), ...kept] : kept
  const backend = args.backend as BackendWasm
  const out = backend.makeOutput(outShape, 'float32')
  // views taken after the allocation, which may grow (and so detach) the heap
  const src = backend.typedArrayFromHeap(x)
  const dst = backend.typedArrayFromHeap(out)
  // float64 sums, as the cpu backend keeps them
  const acc = new Float64Array(cols)
  for (let r = 0, base = 0; r < rows; r++, base += cols)
    for (let c = 0; c < cols; c++) acc[c] += src[base + c]
  const scale = mean ? 1 / rows : 1
  for (let c = 0; c < cols; c++) dst[c] = acc[c] * scale
  return out
}

export const sum = (tf: Tf, args: KernelArgs, fallback: (args: KernelArgs) => TensorInfo) =>
  reduceLeading(tf, args, fallback, false)

export const mean = (tf: Tf, args: KernelArgs, fallback: (args: KernelArgs) => TensorInfo) =>
  reduceLeading(tf, args, fallback, true)
