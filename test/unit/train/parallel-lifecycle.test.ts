import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { splitIndices } from '../../../engine/data/batches'
import { loadDataset } from '../../../engine/data/registry'
import type { Dataset } from '../../../engine/data/types'
import type { Analysis } from '../../../engine/graph/analyze'
import { trainingSchema } from '../../../engine/graph/schema'
import { startTraining } from '../../../engine/node/host'
import type { TrainEvent } from '../../../engine/protocol'
import { planWorkers } from '../../../engine/train/parallel/plan'
import { fingerprint, partBounds, SharedState } from '../../../engine/train/parallel/shared'
import { mlp, trainInProcess } from '../../helpers/train'
import { countedReplicas } from './parallel-replicas'

/** OS threads of a process, this one by default (Linux): worker threads are real threads. */
const threads = (pid: number | 'self' = 'self') => readdirSync(`/proc/${pid}/task`).length

const tmp = () => mkdtempSync(path.join(tmpdir(), 'dw-parallel-'))

describe('data-parallel runs end cleanly', () => {
  it('Stop mid-run: the run ends at the next batch and the replica thread has exited', async () => {
    const { factory, count } = countedReplicas()
    const control = { stopRequested: false, whilePaused: async () => {} }
    const r = await trainInProcess(
      mlp(2, 8, 2, 'moons'),
      { batchSize: 16, epochs: 50, workers: 2 },
      {
        replicas: factory,
        control,
        onEvent: (e) => {
          if (e.type === 'batch-end' && e.batch === 3) control.stopRequested = true
        },
      },
    )
    expect(r.reason).toBe('stopped')
    expect(r.events.filter((e) => e.type === 'batch-end')).toHaveLength(3)
    expect(count).toEqual({ spawned: 1, exited: 1 })
  })

  it('a replica whose part of a batch gives an infinite loss fails the run with its message', async () => {
    // a regression CSV with one absurd target: its squared error overflows float32
    const dir = tmp()
    const file = path.join(dir, 'data.csv')
    const rows = Array.from({ length: 80 }, (_, i) => `${i / 10},${(i % 7) / 3},${i === 50 ? 1e30 : i / 20}`)
    writeFileSync(file, `a,b,y\n${rows.join('\n')}\n`)
    const opts = { path: file, seed: 42 }
    const ds = await loadDataset('csv', opts)
    const bad = Array.from(ds.y as Float32Array).findIndex((v) => v > 1e29)
    const pos = Array.from(splitIndices(ds.size, 0, 42).train).indexOf(bad)
    // a batch size that puts the bad sample in the second half of its batch: worker 2's part
    let bs = 4
    while (pos % bs < partBounds(bs, 2, 1)[0]) bs += 2
    const { factory, count } = countedReplicas()
    const run = trainInProcess(
      mlp(2, 4, 1, 'csv', 'mse'),
      {
        dataset: { name: 'csv', path: file },
        batchSize: bs,
        shuffle: false,
        validationSplit: 0,
        seed: 42,
        workers: 2,
      },
      { replicas: factory },
    )
    await expect(run).rejects.toThrow(
      new RegExp(`^worker 2 of 2: the loss became Infinity at epoch 1, batch ${Math.floor(pos / bs) + 1}`),
    )
    expect(count).toEqual({ spawned: 1, exited: 1 })
    rmSync(dir, { recursive: true, force: true })
  })

  it('a replica that cannot start fails the run with its reason', async () => {
    const dir = tmp()
    const file = path.join(dir, 'data.csv')
    writeFileSync(
      file,
      `a,b,y\n${Array.from({ length: 60 }, (_, i) => `${i},${i % 3},${i % 2}`).join('\n')}\n`,
    )
    const { factory, count } = countedReplicas()
    const run = trainInProcess(
      mlp(2, 4, 2, 'csv'),
      { dataset: { name: 'csv', path: file }, batchSize: 32, workers: 2 },
      {
        replicas: factory,
        // the leader has read the file; the replica, started next, finds it gone
        onEvent: (e) => e.type === 'run-started' && rmSync(file),
      },
    )
    await expect(run).rejects.toThrow(/^worker 2 of 2: .*data\.csv: cannot read the file/)
    expect(count).toEqual({ spawned: 1, exited: 1 })
    rmSync(dir, { recursive: true, force: true })
  })

  it('the leader never waits forever for a replica', async () => {
    const shared = new SharedState({ workers: 2, values: 4, stats: 2 })
    const t0 = performance.now()
    await expect(shared.barrier(300, () => null)).rejects.toThrow(
      /a data-parallel worker did not reach the gradient exchange within 0 s/,
    )
    expect(performance.now() - t0).toBeGreaterThanOrEqual(290)
  })

  it('through the training worker: the run says it is data-parallel, and Stop ends it', async () => {
    const before = threads()
    const events: TrainEvent[] = []
    const h = startTraining(
      { graph: mlp(2, 8, 2, 'moons'), overrides: { batchSize: 32, epochs: 100, workers: 2 } },
      (e) => {
        events.push(e)
        if (e.type === 'batch-end' && e.batch === 2) h.stop()
      },
    )
    const last = await h.done
    expect(events.find((e) => e.type === 'run-started')).toMatchObject({
      type: 'run-started',
      backendDetail: 'wasm (SIMD, 1 thread) with Deepwire training kernels × 2 workers, data-parallel',
    })
    expect(last).toMatchObject({ type: 'finished', reason: 'stopped' })
    // the engine ran in its own process, its replica a thread of that process: all are gone
    expect(existsSync(`/proc/${h.pid}`)).toBe(false)
    await new Promise((r) => setTimeout(r, 200))
    expect(threads()).toBeLessThanOrEqual(before)
  })

  it('Pause holds the replicas too, and Resume carries on to the end', async () => {
    const events: TrainEvent[] = []
    let atPause = 0
    const h = startTraining(
      {
        graph: mlp(2, 8, 2, 'moons'),
        overrides: { batchSize: 32, epochs: 100, workers: 2 },
        maxBatches: 8,
      },
      (e) => {
        events.push(e)
        if (e.type === 'batch-end' && e.batch === 3) h.pause()
        if (e.type === 'paused') {
          atPause = events.filter((x) => x.type === 'batch-end').length
          setTimeout(() => {
            expect(events.filter((x) => x.type === 'batch-end')).toHaveLength(atPause)
            h.resume()
          }, 300)
        }
      },
    )
    const last = await h.done
    expect(events.some((e) => e.type === 'resumed')).toBe(true)
    expect(last).toMatchObject({ type: 'finished', reason: 'stopped' })
    expect(events.filter((e) => e.type === 'batch-end')).toHaveLength(8)
  })

  it('killing the training engine ends its replicas too', async () => {
    const before = threads()
    let during = 0
    const h = startTraining(
      { graph: mlp(2, 8, 2, 'moons'), overrides: { batchSize: 32, epochs: 100, workers: 2 } },
      (e) => {
        if (e.type === 'batch-end' && e.batch === 2 && !during) {
          during = threads(h.pid)
          void h.kill()
        }
      },
    )
    expect((await h.done).type).toBe('failed')
    // the replica was a thread of the engine's process, which is gone with all its threads
    expect(during).toBeGreaterThan(0)
    expect(existsSync(`/proc/${h.pid}`)).toBe(false)
    await new Promise((r) => setTimeout(r, 200))
    expect(threads()).toBeLessThanOrEqual(before)
  })
})

describe('how many workers', () => {
  const cfg = (o: Record<string, unknown>) => trainingSchema.parse(o)
  // LeNet's size: 0.42 M multiply-adds per sample, 62 k parameters
  const analysis = { inputs: ['in'], totals: { macs: 416_520, trainableParams: 61_706 } } as Analysis
  const ds = { task: 'classification' } as Dataset
  const factory = countedReplicas().factory // 2 cores; nothing is spawned here

  it("'auto' splits on wasm only when each part's work dwarfs a step's fixed and exchange costs", () => {
    expect(planWorkers(cfg({}), 'wasm', factory, analysis, ds, 256).workers).toBe(2)
    // 32 samples × 3 × 0.42 M multiply-adds is under the 100 M a part needs
    expect(planWorkers(cfg({}), 'wasm', factory, analysis, ds, 64).workers).toBe(1)
    const tiny = { inputs: ['in'], totals: { macs: 32, trainableParams: 42 } } as Analysis
    expect(planWorkers(cfg({}), 'wasm', factory, tiny, ds, 4096).workers).toBe(1)
    expect(planWorkers(cfg({}), 'tensorflow', factory, analysis, ds, 256).workers).toBe(1)
    expect(planWorkers(cfg({}), 'wasm', undefined, analysis, ds, 256).workers).toBe(1)
    expect(planWorkers(cfg({ workers: 3 }), 'wasm', factory, analysis, ds, 2).workers).toBe(2)
  })

  it('models whose loss a split would change stay on one worker, saying why', () => {
    const two = cfg({ workers: 2 })
    expect(planWorkers(two, 'wasm', factory, { inputs: ['a', 'b'] } as Analysis, ds, 64)).toEqual({
      workers: 1,
      note: 'models with several inputs train on one worker',
    })
    expect(planWorkers(two, 'wasm', factory, analysis, { ...ds, ignoreTarget: 0 }, 64).note).toMatch(
      /padding-masked loss/,
    )
    expect(planWorkers(cfg({ workers: 2, loss: 'dice' }), 'wasm', factory, analysis, ds, 64).note).toMatch(
      /Dice/,
    )
  })

  it('rejects a bad setting with a clear message', () => {
    expect(() => cfg({ workers: 0 })).toThrow(/must be a whole number of workers from 1 to 16/)
    expect(() => cfg({ workers: 'all' })).toThrow(/whole number of workers/)
  })

  it('the weight fingerprint changes with any single bit', () => {
    const a = new Float32Array([0.5, -1, 3e-8, 7])
    const b = a.slice()
    new Uint32Array(b.buffer)[2] ^= 1
    expect(fingerprint([a])).toEqual(fingerprint([a.slice()]))
    expect(fingerprint([a])).not.toEqual(fingerprint([b]))
  })
})
