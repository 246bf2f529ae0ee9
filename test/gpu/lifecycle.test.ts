/**
 * A run's life on webgpu: Stop at a batch boundary, Pause and Resume, a NaN loss stopping the run
 * with the node named, and a checkpoint written on the GPU resuming on wasm (and back).
 */
import { describe, expect, it } from 'vitest'
import { decodeCheckpoint, encodeCheckpoint, type Checkpoint } from '../../engine/train/checkpoint'
import { mlp, trainInProcess } from '../helpers/train'
import { useSoftwareGpu } from './software-gpu'

useSoftwareGpu()

const gpu = { backend: 'webgpu' as const }

describe('training on webgpu', () => {
  it('stops at the next batch boundary', async () => {
    const control = { stopRequested: false, whilePaused: async () => {} }
    let seen = 0
    const r = await trainInProcess(
      mlp(2, 8, 1, 'linear', 'mse'),
      { batchSize: 16, epochs: 3 },
      {
        ...gpu,
        control,
        onEvent: (e) => {
          if (e.type === 'batch-end' && ++seen === 3) control.stopRequested = true
        },
      },
    )
    expect(r.reason).toBe('stopped')
    const batches = r.events.filter((e) => e.type === 'batch-end')
    expect(batches.length).toBe(3)
    // each batch event says how much GPU memory the run holds (the Training panel shows it)
    for (const e of batches) expect(e).toMatchObject({ memoryOnGpu: true, memoryBytes: expect.any(Number) })
    expect(Math.min(...batches.map((e) => (e.type === 'batch-end' ? e.memoryBytes! : 0)))).toBeGreaterThan(0)
  })

  it('pauses between batches and resumes where it was', async () => {
    let paused = false
    let release = () => {}
    const control = {
      stopRequested: false,
      whilePaused: () => (paused ? new Promise<void>((r) => (release = r)) : Promise.resolve()),
    }
    let seen = 0
    let batchesWhilePaused = -1
    const run = trainInProcess(
      mlp(2, 8, 1, 'linear', 'mse'),
      { batchSize: 32, epochs: 1, dataset: { name: 'linear', limit: 160 } },
      {
        ...gpu,
        control,
        onEvent: (e) => {
          if (e.type === 'batch-end' && ++seen === 2) {
            paused = true
            setTimeout(() => {
              batchesWhilePaused = seen - 2
              paused = false
              release()
            }, 300)
          }
        },
      },
    )
    const r = await run
    expect(batchesWhilePaused).toBe(0)
    expect(r.reason).toBe('completed')
    expect(r.events.filter((e) => e.type === 'batch-end').length).toBe(seen)
    expect(seen).toBeGreaterThan(2)
  })

  it('stops on a NaN loss with the reason, before the step is applied', async () => {
    await expect(
      trainInProcess(mlp(2, 0, 1, 'linear', 'mse'), { optimizer: { type: 'sgd', lr: 50 }, epochs: 5 }, gpu),
    ).rejects.toThrow(/the loss became (NaN|Infinity) at epoch \d+, batch \d+/)
  })

  it('a checkpoint written on webgpu resumes on wasm, and one from wasm on webgpu', async () => {
    const g = mlp(2, 8, 2, 'moons')
    const settings = {
      optimizer: { type: 'adam', lr: 0.02 },
      epochs: 2,
      seed: 7,
      dataset: { name: 'moons', limit: 200 },
    }
    const saved: Checkpoint[] = []
    await trainInProcess(g, { ...settings, epochs: 1 }, { ...gpu, keep: (c) => saved.push(c) })
    const fromGpu = decodeCheckpoint(encodeCheckpoint(saved[0]))
    expect(fromGpu.meta.backend).toBe('webgpu')
    const onWasm = await trainInProcess(g, settings, { resume: fromGpu, keep: (c) => saved.push(c) })
    expect(onWasm.history.map((h) => h.epoch)).toEqual([1, 2])
    const full = await trainInProcess(g, settings)
    // the same seeded run, its first epoch on the GPU: equal up to float rounding
    expect(Math.abs(onWasm.history[1].loss - full.history[1].loss) / full.history[1].loss).toBeLessThan(1e-3)
    const fromWasm = decodeCheckpoint(encodeCheckpoint(saved.at(-1)!))
    const back = await trainInProcess(g, { ...settings, epochs: 3 }, { ...gpu, resume: fromWasm })
    expect(back.history.map((h) => h.epoch)).toEqual([1, 2, 3])
    expect(Number.isFinite(back.history[2].loss)).toBe(true)
  })
})
