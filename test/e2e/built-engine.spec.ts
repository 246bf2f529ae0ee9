/**
 * The engine as the Electron app runs it: the bundled `out/main/worker.js` in its own process
 * (and the replica bundle it starts for data-parallel training), not the TypeScript sources the
 * other tests use. A bundling fault (e.g. two `require` declarations in one chunk) breaks only
 * this form.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { expect, test } from '@playwright/test'
import { startTraining } from '../../engine/node/host'
import type { TrainEvent } from '../../engine/protocol'

test('the built training engine trains with two data-parallel workers in its own process', async () => {
  test.setTimeout(120_000)
  const graph = JSON.parse(readFileSync(path.resolve('presets/mlp.json'), 'utf8'))
  const events: TrainEvent[] = []
  const run = startTraining(
    { graph, overrides: { epochs: 1, batchSize: 512, workers: 2, validationSplit: 0.1 }, maxBatches: 4 },
    (e) => events.push(e),
    pathToFileURL(path.resolve('out/main/worker.js')),
  )
  expect(run.pid).not.toBe(process.pid)
  const last = await run.done
  expect(last.type, JSON.stringify(last)).toBe('finished')
  const started = events.find((e) => e.type === 'run-started')
  expect(started && 'backendDetail' in started ? started.backendDetail : '').toMatch(/2 workers/)
  expect(events.filter((e) => e.type === 'batch-end')).toHaveLength(4)
})
