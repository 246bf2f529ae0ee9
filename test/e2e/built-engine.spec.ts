/**
 * The engine as the Electron app runs it: the bundled `out/main/worker.js` (and the replica
 * bundle it starts for data-parallel training), not the TypeScript sources the other tests use.
 * A bundling fault (e.g. two `require` declarations in one chunk) breaks only this form.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import { expect, test } from '@playwright/test'
import type { TrainEvent } from '../../engine/protocol'

test('the built training worker trains with two data-parallel workers', async () => {
  test.setTimeout(120_000)
  const graph = JSON.parse(readFileSync(path.resolve('presets/mlp.json'), 'utf8'))
  const worker = new Worker(path.resolve('out/main/worker.js'))
  const events: TrainEvent[] = []
  const last = await new Promise<TrainEvent>((resolve, reject) => {
    worker.on('message', (e: TrainEvent) => {
      events.push(e)
      if (e.type === 'finished' || e.type === 'failed') resolve(e)
    })
    worker.on('error', reject)
    worker.postMessage({
      type: 'train',
      request: {
        graph,
        overrides: { epochs: 1, batchSize: 512, workers: 2, validationSplit: 0.1 },
        maxBatches: 4,
      },
    })
  })
  await worker.terminate()
  expect(last.type, JSON.stringify(last)).toBe('finished')
  const started = events.find((e) => e.type === 'run-started')
  expect(started && 'backendDetail' in started ? started.backendDetail : '').toMatch(/2 workers/)
  expect(events.filter((e) => e.type === 'batch-end')).toHaveLength(4)
})
