/**
 * `exportOnnxFile`, the entry point of the CLI and the app: a checkpoint's weights and final
 * metrics end up in the file, and the parity check comes back with the result.
 */
import { readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exportOnnxFile } from '../../engine/export/onnx/file'
import { checkParity } from '../../engine/export/onnx/parity'
import { CHECKPOINT_VERSION, type Checkpoint } from '../../engine/train/checkpoint'
import { build, expectMatch, randomizeWeights, runChecker, tempDir, tf, useWasm } from './helpers'

const dir = tempDir('deepwire-onnx-file-')
beforeAll(useWasm)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('exportOnnxFile', () => {
  it("writes the checkpoint's weights and final metrics and reports parity", async () => {
    const raw = JSON.parse(readFileSync('presets/lenet.json', 'utf8'))
    const b = build(raw, 7)
    try {
      randomizeWeights(b.compiled, 5)
      const ws = b.compiled.model.weights
      const checkpoint: Checkpoint = {
        meta: {
          format: 'deepwire-checkpoint',
          version: CHECKPOINT_VERSION,
          graph: b.doc,
          training: b.doc.training,
          epoch: 3,
          history: [
            {
              epoch: 3,
              loss: 0.25,
              valLoss: 0.5,
              metrics: { accuracy: 0.9 },
              valMetrics: { accuracy: 0.85 },
              lr: 0.01,
            },
          ],
          backend: 'wasm',
          weights: ws.map((w) => ({ name: w.originalName, shape: w.shape.map(Number) })),
          optimizer: [],
        },
        weights: ws.map((w) => Float32Array.from(w.read().dataSync())),
        optimizer: [],
      }
      const out = path.join(dir, 'lenet.onnx')
      const result = await exportOnnxFile(null, checkpoint, out, { tf, preset: 'lenet.json' })
      expect(result.path).toBe(out)
      expect(result.parity!.maxDiff).toBeLessThan(1e-4)
      expect(result.parity!.latencyMs).toBeGreaterThan(0)
      // the file computes what the checkpointed model computes, not the graph's seeded start
      expectMatch(await checkParity(tf, b.compiled, b.analysis, out), 'checkpoint')
      const [r] = runChecker([out])
      expect(r.error).toBeNull()
      expect(r.metadata).toMatchObject({
        preset: 'lenet.json',
        'metric.epochs': '3',
        'metric.val_loss': '0.5',
        'metric.val_accuracy': '0.85',
      })
    } finally {
      b.compiled.model.dispose()
    }
  })

  it('says what is wrong with a graph that does not validate', async () => {
    const graph = { format: 'deepwire-graph', version: 2, nodes: [{ id: 'd', type: 'Dense' }], edges: [] }
    await expect(exportOnnxFile(graph, null, path.join(dir, 'bad.onnx'), { tf })).rejects.toThrow(
      /no Input node/,
    )
  })
})
