/**
 * The state_dict as NumPy arrays: every tfjs weight moved to its PyTorch key, transposed and
 * reshaped as the layer's emitter asked (Keras keeps output channels last, PyTorch first).
 */
import { layerWeights, type ExportModel, type WeightArray } from '../common'
import { PytorchExportError, type ModelSource } from './model'
import type { NpyArray } from './npz'

/** An N-d transpose of a row-major array: output axis i is input axis perm[i]. */
export function transpose(data: Float32Array, shape: number[], perm: number[]): Float32Array {
  const out = new Float32Array(data.length)
  const outShape = perm.map((p) => shape[p])
  const inStrides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1))
  const strides = perm.map((p) => inStrides[p])
  const idx = new Array<number>(perm.length).fill(0)
  let src = 0
  for (let o = 0; o < out.length; o++) {
    out[o] = data[src]
    // odometer over the output index, moving the source offset by the permuted strides
    for (let d = perm.length - 1; d >= 0; d--) {
      idx[d]++
      src += strides[d]
      if (idx[d] < outShape[d]) break
      src -= strides[d] * outShape[d]
      idx[d] = 0
    }
  }
  return out
}

export function* stateDict(m: ExportModel, src: ModelSource): Generator<NpyArray> {
  const cache = new Map<string, Map<string, WeightArray>>()
  for (const w of src.weights) {
    const layer = m.layerNames.get(w.nodeId)!
    if (!cache.has(w.nodeId)) cache.set(w.nodeId, layerWeights(m.model, layer))
    const t = cache.get(w.nodeId)!.get(w.tfjs)
    if (!t) throw new PytorchExportError(w.nodeId, `its tfjs layer ${layer} has no weight '${w.tfjs}'`)
    const data = w.perm ? transpose(t.data, t.shape, w.perm) : t.data
    const shape = w.shape ?? (w.perm ? w.perm.map((p) => t.shape[p]) : t.shape)
    yield { name: w.key, dtype: 'float32', shape, data }
  }
  for (const key of src.counters) yield { name: key, dtype: 'int64', shape: [], data: new BigInt64Array(1) }
}
