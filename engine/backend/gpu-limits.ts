/**
 * A GPU buffer holds one tensor, and a WebGPU adapter caps both a buffer's size and how much of
 * it one shader may bind. A weight or an activation past the cap cannot exist on that GPU, so the
 * run is refused before any tensor does, naming the node and the limit.
 */
import type { Analysis } from '../graph/analyze'
import type { GpuAdapterReport } from './webgpu'

const FLOAT = 4

const size = (b: number) =>
  b >= 2 ** 30 ? `${(b / 2 ** 30).toFixed(2)} GiB` : `${Math.round(b / 2 ** 20)} MiB`

/** A sentence naming the first node whose weights or batch output exceed the adapter's cap; null when all fit. */
export function gpuTensorRefusal(
  analysis: Pick<Analysis, 'order'>,
  batchSize: number,
  gpu: Pick<GpuAdapterReport, 'limits' | 'description'>,
): string | null {
  const { maxBufferSize, maxStorageBufferBindingSize } = gpu.limits
  const binding = maxStorageBufferBindingSize <= maxBufferSize
  const limit = Math.min(maxBufferSize, maxStorageBufferBindingSize)
  const which = `${size(limit)}, its ${binding ? 'maxStorageBufferBindingSize' : 'maxBufferSize'}`
  const gpuName = gpu.description || 'this GPU'
  for (const n of analysis.order) {
    // a node's weights are a few tensors, the largest nearly all of them (a kernel beside its bias)
    const weights = (n.trainableParams + n.stateParams) * FLOAT
    if (weights > limit)
      return `the weights of node '${n.id}' (${n.type}, ${n.trainableParams + n.stateParams} parameters, ${size(weights)}) do not fit in one buffer of ${gpuName} (at most ${which}): make the layer smaller or train on wasm (--backend wasm)`
  }
  // the largest output per sample decides the largest batch that fits everywhere
  let widest: { n: Analysis['order'][number]; perSample: number } | undefined
  for (const n of analysis.order) {
    const perSample = n.outputShape.reduce((a, d) => a * d, 1) * FLOAT
    if (!widest || perSample > widest.perSample) widest = { n, perSample }
  }
  if (widest && widest.perSample * batchSize > limit) {
    const { n, perSample } = widest
    const fits = Math.floor(limit / perSample)
    const advice =
      fits >= 1
        ? `lower the batch size to ${fits} or less`
        : 'one sample alone is too large: make the layer smaller or train on wasm (--backend wasm)'
    return `the output of node '${n.id}' (${n.type}, [${n.outputShape.join(', ')}]) for a batch of ${batchSize} is ${size(perSample * batchSize)}, more than one buffer of ${gpuName} holds (at most ${which}): ${advice}`
  }
  return null
}
