import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm'
import type { KernelArgs, Tf, TensorInfo } from './wasm-ops'

/**
 * Slice, SplitV and Unpack read the wasm heap in place. tfjs-wasm 4.22's Slice starts with
 * `backend.readSync(x)`, which copies the *whole* input out of the heap, so every slice costs
 * O(size of x) and unstacking T steps O(T·size): 80 ms to unstack a [35, 32, 768] tensor, most
 * of a GRU's forward pass. SplitV and Unpack call that Slice directly, so all three are replaced.
 */
function sliceHeap(backend: BackendWasm, x: TensorInfo, begin: number[], size: number[]): TensorInfo {
  const out = backend.makeOutput(size, x.dtype)
  // views taken after the allocation, which may grow (and so detach) the heap
  const src = backend.typedArrayFromHeap(x)
  const dst = backend.typedArrayFromHeap(out)
  const shape = x.shape
  const rank = shape.length
  // copy in runs: the trailing axes taken whole are contiguous in both, with the last partial one
  let k = rank - 1
  while (k > 0 && size[k] === shape[k]) k--
  const inner = shape.slice(k + 1).reduce((a, b) => a * b, 1)
  const run = (rank ? size[k] : 1) * inner
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1))
  const outer = size.slice(0, k)
  const count = outer.reduce((a, b) => a * b, 1)
  const idx = new Array<number>(k).fill(0)
  const base = begin.reduce((o, b, i) => o + b * strides[i], 0)
  for (let r = 0, o = 0; r < count; r++, o += run) {
    let from = base
    for (let i = 0; i < k; i++) from += idx[i] * strides[i]
    dst.set(src.subarray(from, from + run), o)
    for (let i = k - 1; i >= 0; i--) {
      if (++idx[i] < outer[i]) break
      idx[i] = 0
    }
  }
  return out
}

type Out = TensorInfo | TensorInfo[]
type Override = (tf: Tf, args: KernelArgs, fallback: (args: KernelArgs) => Out) => Out

const onHeap = (x: TensorInfo) => x.dtype === 'float32' || x.dtype === 'int32'

export const slice: Override = (tf, args, fallback) => {
  const { x } = args.inputs
  if (!onHeap(x)) return fallback(args)
  const attrs = args.attrs ?? {}
  const [begin, size] = tf.slice_util.parseSliceParams(
    x as never,
    attrs.begin as number | number[],
    attrs.size as number | number[] | undefined,
  )
  return sliceHeap(args.backend as BackendWasm, x, begin, size)
}

export const splitV: Override = (tf, args, fallback) => {
  const { x } = args.inputs
  if (!onHeap(x)) return fallback(args)
  const attrs = args.attrs ?? {}
  const axis = tf.util.parseAxisParam(attrs.axis as number, x.shape)[0]
  const sizes = tf.backend_util.prepareSplitSize(x as never, attrs.numOrSizeSplits as number | number[], axis)
  const begin = x.shape.map(() => 0)
  return sizes.map((s) => {
    const size = [...x.shape]
    size[axis] = s
    const part = sliceHeap(args.backend as BackendWasm, x, begin, size)
    begin[axis] += s
    return part
  })
}

export const unpack: Override = (_tf, args, fallback) => {
  const { value } = args.inputs
  if (!onHeap(value)) return fallback(args)
  const rank = value.shape.length
  let axis = (args.attrs?.axis as number | undefined) ?? 0
  if (axis < 0) axis += rank
  const outShape = value.shape.filter((_, i) => i !== axis)
  const begin = value.shape.map(() => 0)
  const size = [...value.shape]
  size[axis] = 1
  return Array.from({ length: value.shape[axis] }, (_, i) => {
    begin[axis] = i
    const part = sliceHeap(args.backend as BackendWasm, value, begin, size)
    return { ...part, shape: outShape }
  })
}
