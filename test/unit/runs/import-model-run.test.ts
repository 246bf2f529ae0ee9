/**
 * The app's "Import model…": an ONNX file (chosen, or uploaded from a browser) becomes a run whose
 * checkpoint holds the model's weights; replacing the head, freezing and training from that run
 * loads every other weight — the whole fine-tuning path through the app's contract.
 */
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import type { Pushes, RunRecord } from '../../../engine/app-contract'
import { freezeBefore, replaceHead } from '../../../engine/graph/finetune'
import type { GraphDoc } from '../../../engine/graph/schema'
import { createEngineHost } from '../../../engine/node/engine-host'
import type { TrainEvent } from '../../../engine/protocol'

describe('models:import', () => {
  it('imports an ONNX model as a run, then fine-tunes from it with a new head and a frozen body', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'dw-host-import-'))
    // <dataDir>/datasets is the user's own folder: files there may be named without a dialog
    mkdirSync(path.join(dataDir, 'datasets'))
    const onnx = path.join(dataDir, 'datasets', 'gratings.onnx')
    await promisify(execFile)('node', [
      'bin/deepwire.mjs',
      'export',
      'presets/gratings-cnn.json',
      '--format',
      'onnx',
      '--out',
      onnx,
    ])
    const events: TrainEvent[] = []
    let onDone = () => {}
    const host = createEngineHost({
      dataDir,
      push: (channel, payload) => {
        if (channel !== 'train:event') return
        const { event } = payload as Pushes['train:event']
        events.push(event)
        if (event.type === 'finished' || event.type === 'failed') onDone()
      },
    })
    try {
      const imported = (await host.handle('models:import', { path: onnx })) as {
        runId: string
        graph: GraphDoc
        trainableParams: number
      }
      expect(imported.trainableParams).toBe(448 + 4_640 + 264)
      const runs = (await host.handle('runs:list', {})) as RunRecord[]
      expect(runs[0]).toMatchObject({
        id: imported.runId,
        status: 'completed',
        importedFrom: 'gratings.onnx',
      })

      // the same file uploaded from a browser page
      const data = readFileSync(onnx).toString('base64')
      const { folder } = (await host.handle('datasets:import', {
        name: 'gratings',
        files: [{ path: 'gratings.onnx', data }],
      })) as { folder: string }
      const uploaded = (await host.handle('models:import', { path: `${folder}/gratings.onnx` })) as {
        trainableParams: number
      }
      expect(uploaded.trainableParams).toBe(imported.trainableParams)
      await expect(host.handle('models:import', { path: '/etc/hostname' })).rejects.toThrow(
        /was not chosen in this session/,
      )

      const headed = replaceHead(imported.graph, 4, 10)
      const { doc } = freezeBefore(headed.doc, headed.head)
      const done = new Promise<void>((resolve) => (onDone = resolve))
      await host.handle('train:start', {
        graph: { ...doc, training: { ...doc.training, dataset: { name: 'plaids' } } },
        overrides: { epochs: 1 },
        initFromRun: imported.runId,
      })
      await done
      expect(events.at(-1)!.type).toBe('finished')
      const started = events.find((e) => e.type === 'run-started')
      if (started?.type !== 'run-started') throw new Error('no run-started')
      const transfer = started.transfer!
      expect(transfer.source).toBe('gratings.onnx')
      // the imported graph names nodes after the ONNX nodes; only the head starts fresh
      expect(transfer.initialised.map((n) => [n.node, n.reason])).toEqual([[headed.head, 'shape']])
      expect(transfer.loaded.reduce((a, n) => a + n.params, 0)).toBe(448 + 4_640)
      expect(started.frozenParams).toBe(448 + 4_640)
    } finally {
      await host.dispose()
    }
  }, 120_000)
})
