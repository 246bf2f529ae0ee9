import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm'
import type { KernelArgs, Tf, TensorInfo } from './wasm-ops'

/**
 * out[k, ...] = Σ_{i : ids[i] = k} x[i, ...], ids out of [0, numSegments) dropped as in TF.
 *
 * Used by the gradient of Gather (embeddings), where numSegments is the vocabulary: a single
 * scatter-add pass is O(size(x)), unlike the mask-per-segment route of the cpu backend.
 */
export function unsortedSegmentSum(tf: Tf, args: KernelArgs): TensorInfo {
  const { x, segmentIds } = args.inputs
  const numSegments = Number(args.attrs?.numSegments)
  const backend = args.backend as BackendWasm
  const idsRank = segmentIds.shape.length
  if (x.shape.slice(0, idsRank).some((d, i) => d !== segmentIds.shape[i])) {
    throw new Error(`UnsortedSegmentSum: segmentIds shape ${segmentIds.shape} is not a prefix of ${x.shape}`)
  }
  if (x.dtype !== 'float32' && x.dtype !== 'int32') {
    throw new Error(`UnsortedSegmentSum on wasm supports float32 and int32, got ${x.dtype}`)
  }
  const inner = tf.util.sizeFromShape(x.shape.slice(idsRank))
  const out = backend.makeOutput([numSegments, ...x.shape.slice(idsRank)], x.dtype)
  // Views into the wasm heap are taken only after the last allocation, which may grow (and
  // thereby detach) the heap buffer.
  const dst = backend.typedArrayFromHeap(out) as Float32Array | Int32Array
  const src = backend.typedArrayFromHeap(x) as Float32Array | Int32Array
  const ids = backend.typedArrayFromHeap(segmentIds) as Int32Array | Float32Array
  dst.fill(0)
  for (let i = 0; i < ids.length; i++) {
    const k = ids[i]
    if (!(k >= 0 && k < numSegments)) continue
    const from = i * inner
    const to = k * inner
    for (let j = 0; j < inner; j++) dst[to + j] += src[from + j]
  }
  return out
}
