import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm'
import type { KernelArgs, Tf, TensorInfo } from './wasm-ops'

/**
 * Tile by block copies on the wasm heap. tfjs-wasm 4.22's Tile computes every output element's
 * source index (~100 ns an element); BatchNorm's gradient tiles its [C] statistics to the full
 * activation several times a step, which made Tile 10–13 % of a ResNet-18 step (455 ms for one
 * [32, 48, 48, 64] layer). Here each input row is copied once and every repetition is a memcpy
 * of the block already written.
 */
export function tile(_tf: Tf, args: KernelArgs, fallback: (args: KernelArgs) => TensorInfo): TensorInfo {
  const { x } = args.inputs
  const reps = (args.attrs?.reps ?? []) as number[]
  if ((x.dtype !== 'float32' && x.dtype !== 'int32' && x.dtype !== 'bool') || reps.length !== x.shape.length)
    return fallback(args)
  const backend = args.backend as BackendWasm
  const shape = x.shape
  const rank = shape.length
  const outShape = shape.map((d, i) => d * reps[i])
  const out = backend.makeOutput(outShape, x.dtype)
  // views taken after the allocation, which may grow (and so detach) the heap
  const src = backend.typedArrayFromHeap(x)
  const dst = backend.typedArrayFromHeap(out)
  if (rank === 0 || dst.length === 0) {
    dst.set(src.subarray(0, dst.length))
    return out
  }
  // elements of one index along each axis, in the input and the output
  const inStride = new Array<number>(rank)
  const outStride = new Array<number>(rank)
  inStride[rank - 1] = outStride[rank - 1] = 1
  for (let i = rank - 2; i >= 0; i--) {
    inStride[i] = inStride[i + 1] * shape[i + 1]
    outStride[i] = outStride[i + 1] * outShape[i + 1]
  }
  // Writes the tiled sub-tensor at input offset `from` (axes ≥ axis) to output offset `to`: its
  // first repetition index by index, then the other repetitions as copies of the first.
  const fill = (axis: number, from: number, to: number) => {
    const n = shape[axis]
    if (axis === rank - 1) dst.set(src.subarray(from, from + n), to)
    else for (let i = 0; i < n; i++) fill(axis + 1, from + i * inStride[axis], to + i * outStride[axis])
    const block = n * outStride[axis]
    for (let r = 1; r < reps[axis]; r *= 2) {
      const len = Math.min(r, reps[axis] - r) * block
      dst.copyWithin(to + r * block, to, to + len)
    }
  }
  fill(0, 0, 0)
  return out
}
