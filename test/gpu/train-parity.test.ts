/**
 * Seeded one-epoch runs on webgpu and on wasm agree: the same initial weights, batches and
 * updates, so the epoch's loss may differ only by float rounding (relative 1e-3). Sample limits
 * are small because SwiftShader runs every shader on the CPU.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { GraphDocInput } from '../../engine/graph/schema'
import type { TrainEvent } from '../../engine/protocol'
import { trainInProcess } from '../helpers/train'
import { useSoftwareGpu } from './software-gpu'

useSoftwareGpu()

const preset = (name: string) => JSON.parse(readFileSync(`presets/${name}.json`, 'utf8')) as GraphDocInput

const CASES: [string, Record<string, unknown>][] = [
  ['mlp', { batchSize: 64, dataset: { name: 'fashion-mnist', limit: 128 } }],
  ['lenet', { batchSize: 32, dataset: { name: 'fashion-mnist', limit: 64 } }],
  ['transformer-encoder', { batchSize: 32, dataset: { name: 'palindrome', size: [8], samples: 64 } }],
]

const relDiff = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12)

describe('one seeded epoch on webgpu matches wasm', () => {
  it.each(CASES)('%s', async (name, overrides) => {
    const cfg = { ...overrides, epochs: 1, seed: 3 }
    // wasm first: tensors left on wasm can move to webgpu, not back (that needs a synchronous read)
    const wasm = await trainInProcess(preset(name), cfg)
    const gpu = await trainInProcess(preset(name), cfg, { backend: 'webgpu' })
    const started = gpu.events[0] as Extract<TrainEvent, { type: 'run-started' }>
    expect(started.backend).toBe('webgpu')
    expect(started.gpu?.api).toMatch(/Vulkan|Metal|D3D12/)
    const [w, g] = [wasm.epochs[0], gpu.epochs[0]] as Extract<TrainEvent, { type: 'epoch-end' }>[]
    expect(relDiff(g.loss, w.loss), `train loss ${g.loss} vs ${w.loss}`).toBeLessThan(1e-3)
    expect(relDiff(g.valLoss!, w.valLoss!), `validation loss ${g.valLoss} vs ${w.valLoss}`).toBeLessThan(1e-3)
    gpu.model.dispose()
  })
})
