/**
 * An export with a run's weights carries that run's settings: train.py repeats the run whose
 * weights it holds (the epochs and batch size the user set for it, not the graph's defaults),
 * the result says which epoch of how many the weights are from, and each step is announced.
 */
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { executeExport } from '../../../engine/node/export'
import { executeRun } from '../../../engine/node/run'
import type { TrainEvent } from '../../../engine/protocol'
import { idle, mlp, tf } from '../../helpers/train'

describe('export with a run’s weights', () => {
  it('writes train.py with the run’s epochs, batch size and learning rate', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dw-export-run-'))
    // the graph says 5 epochs of batch 32; the run was started with 1 epoch of batch 16
    const graph = mlp(2, 8, 1, 'linear', 'mse')
    const events: TrainEvent[] = []
    await executeRun(
      tf,
      { graph, overrides: { epochs: 1, batchSize: 16 }, backend: 'wasm', outDir: path.join(dir, 'run') },
      (e) => events.push(e),
      idle,
    )
    expect(events.at(-1)).toMatchObject({ type: 'finished', reason: 'completed' })
    const phases: string[] = []
    const result = await executeExport(
      tf,
      {
        graph,
        format: 'pytorch',
        out: path.join(dir, 'export'),
        checkpoint: path.join(dir, 'run', 'checkpoint.dwckpt'),
      },
      (p) => phases.push(p),
    )
    expect(result.run).toMatchObject({ epoch: 1, epochs: 1, batchSize: 16 })
    expect(phases).toEqual(['load', 'build', 'write'])
    const train = readFileSync(path.join(dir, 'export', 'train.py'), 'utf8')
    expect(train).toMatch(/^EPOCHS = 1$/m)
    expect(train).toMatch(/^BATCH_SIZE = 16$/m)
    expect(train).toMatch(/batch 16, 1 epochs/)

    // ONNX names its own steps: the bytes, then the check against onnxruntime
    const onnxPhases: string[] = []
    await executeExport(
      tf,
      {
        graph,
        format: 'onnx',
        out: path.join(dir, 'm.onnx'),
        checkpoint: path.join(dir, 'run', 'checkpoint.dwckpt'),
      },
      (p) => onnxPhases.push(p),
    )
    expect(onnxPhases).toEqual(['load', 'build', 'write', 'parity'])

    // without a run the graph's own settings stay, and nothing claims a run
    const fresh = await executeExport(tf, { graph, format: 'pytorch', out: path.join(dir, 'fresh') })
    expect(fresh.run).toBeUndefined()
    expect(readFileSync(path.join(dir, 'fresh', 'train.py'), 'utf8')).toMatch(/^EPOCHS = 5$/m)
  }, 60_000)
})
