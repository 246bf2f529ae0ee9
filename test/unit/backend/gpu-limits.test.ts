import { describe, expect, it } from 'vitest'
import { gpuTensorRefusal } from '../../../engine/backend/gpu-limits'
import { analyze } from '../../../engine/graph/analyze'
import { parseGraph } from '../../../engine/graph/parse'
import { mlp } from '../../helpers/train'

const MiB = 2 ** 20
// WebGPU's defaults, which a device gets unless it asks for the adapter's own limits
const defaults = {
  description: 'Test GPU',
  limits: { maxBufferSize: 256 * MiB, maxStorageBufferBindingSize: 128 * MiB },
}

const analysed = (inputs: number, hidden: number) => {
  const p = parseGraph(mlp(inputs, hidden, 10, 'mnist'))
  if (!p.ok) throw new Error(p.errors[0].message)
  return analyze(p.doc)
}

describe('gpuTensorRefusal', () => {
  it("names VGG-11's 25088×4096 dense weight (411 MB) and the binding limit", () => {
    const r = gpuTensorRefusal(analysed(25088, 4096), 32, defaults)
    expect(r).toBe(
      "the weights of node 'h' (Dense, 102764544 parameters, 392 MiB) do not fit in one buffer of Test GPU (at most 128 MiB, its maxStorageBufferBindingSize): make the layer smaller or train on wasm (--backend wasm)",
    )
  })

  it('names the widest output and the largest batch that fits', () => {
    // 1M floats per sample at the input: 4 MiB, so 32 samples fill 128 MiB
    const r = gpuTensorRefusal(analysed(1_000_000, 8), 256, defaults)
    expect(r).toMatch(
      /^the output of node 'in' \(Input, \[1000000\]\) for a batch of 256 is 977 MiB, more than one buffer of Test GPU holds \(at most 128 MiB, its maxStorageBufferBindingSize\): lower the batch size to 33 or less$/,
    )
    expect(gpuTensorRefusal(analysed(1_000_000, 8), 33, defaults)).toBeNull()
  })

  it('accepts what fits within the adapter’s own limits', () => {
    const big = {
      description: 'Test GPU',
      limits: { maxBufferSize: 4096 * MiB, maxStorageBufferBindingSize: 2048 * MiB },
    }
    expect(gpuTensorRefusal(analysed(25088, 4096), 32, big)).toBeNull()
  })
})
