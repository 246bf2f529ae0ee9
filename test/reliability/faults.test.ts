/**
 * Faults: a process killed while saving, a training worker killed mid-epoch, Stop at any moment,
 * NaN/Inf during training and a model too large for memory. Each must leave the last good file
 * intact, report what happened, and let the next run start.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Pushes } from '../../engine/app-contract'
import { analyze } from '../../engine/graph/analyze'
import { estimateTrainingMemory } from '../../engine/budget/memory'
import { parseGraph } from '../../engine/graph/parse'
import { writeFileAtomic } from '../../engine/node/atomic'
import { createEngineHost } from '../../engine/node/engine-host'
import { startTraining } from '../../engine/node/host'
import { CHECKPOINT_FILE, executeRun, loadCheckpointFile } from '../../engine/node/run'
import type { TrainEvent } from '../../engine/protocol'
import { decodeCheckpoint, encodeCheckpoint } from '../../engine/train/checkpoint'
import { idle, mlp, tf } from '../helpers/train'

const counts = { kills: 0, partialTemps: 0, faults: 0 }
const tmp = (tag: string) => mkdtempSync(path.join(tmpdir(), `dw-${tag}-`))
const ROOT = path.resolve(__dirname, '../..')
/** Large enough that writing and syncing dominate the save loop, so most kills land mid-write. */
const SIZE = 24 << 20

afterAll(() => {
  console.log(
    `faults: ${counts.kills} processes killed mid-save (${counts.partialTemps} left a partial temp file), previous file intact every time; ${counts.faults} training faults recovered`,
  )
})

/** Starts the save loop, waits for `after` completed saves, then SIGKILLs it. */
function killDuringSaves(file: string, after: number, delayMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, 'fixtures/save-loop.ts'), file, String(SIZE)],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    )
    let last = 0
    let out = ''
    child.stdout.on('data', (d: Buffer) => {
      out += d
      const m = [...out.matchAll(/saved (\d+)/g)]
      last = m.length ? Number(m[m.length - 1][1]) : 0
      if (last >= after && !child.killed) setTimeout(() => child.kill('SIGKILL'), delayMs)
    })
    child.on('error', reject)
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`the save loop ended by itself (${signal})`))
      else resolve(last)
    })
  })
}

describe('saving survives being killed', () => {
  it('a process killed during repeated atomic saves leaves the previous file whole', async () => {
    const dir = tmp('kill')
    const file = path.join(dir, 'p.deepwire.json')
    let before = 0
    for (let k = 0; k < 8; k++) {
      // kill at varied moments inside the loop
      const confirmed = await killDuringSaves(file, before + 1, [0, 3, 7, 15, 1, 25, 5, 11][k])
      counts.kills++
      const doc = JSON.parse(readFileSync(file, 'utf8'))
      expect(doc.n).toBe(doc.end)
      expect(doc.payload.length).toBe(SIZE)
      // what the child reported as saved is on disk (or a later complete save)
      expect(doc.n).toBeGreaterThanOrEqual(confirmed)
      before = doc.n
      counts.partialTemps += readdirSync(dir).filter((f) => f.endsWith('.tmp')).length
    }
    // the next save clears what the killed writers left behind
    await writeFileAtomic(file, '{}')
    expect(readdirSync(dir)).toEqual(['p.deepwire.json'])
  }, 240_000)
})

/** Collects the pushes of one engine host by run. */
function hostWithEvents() {
  const events: Pushes['train:event'][] = []
  const waiters: { test: (e: Pushes['train:event']) => boolean; resolve: () => void }[] = []
  const dataDir = tmp('host')
  const host = createEngineHost({
    dataDir,
    push: (channel, pushed) => {
      if (channel !== 'train:event') return
      const payload = pushed as Pushes['train:event']
      events.push(payload)
      for (const w of [...waiters])
        if (w.test(payload)) {
          waiters.splice(waiters.indexOf(w), 1)
          w.resolve()
        }
    },
  })
  const until = (test: (e: Pushes['train:event']) => boolean, ms = 120_000) =>
    new Promise<void>((resolve, reject) => {
      if (events.some(test)) return resolve()
      waiters.push({ test, resolve })
      setTimeout(() => reject(new Error('timed out waiting for a training event')), ms)
    })
  const of = (runId: string) => events.filter((e) => e.runId === runId).map((e) => e.event)
  return { host, dataDir, events, until, of }
}

const slowGraph = () => mlp(2, 8, 1, 'linear', 'mse')
const startArgs = (epochs: number) => ({
  graph: slowGraph(),
  overrides: { batchSize: 1, epochs, dataset: { name: 'linear', samples: 400 } },
  backend: 'wasm',
})

describe('training faults', () => {
  it('a worker killed mid-epoch is reported, keeps the last checkpoint, and a new run starts', async () => {
    const h = hostWithEvents()
    const { runId } = (await h.host.handle('train:start', startArgs(50))) as { runId: string }
    const saved = (e: Pushes['train:event']) => e.runId === runId && e.event.type === 'checkpoint'
    await h.until(saved)
    await h.until((e) => e.runId === runId && e.event.type === 'batch-end' && e.event.epoch >= 2)
    // the engine going away mid-epoch: its worker is terminated without a word
    await h.host.dispose()
    await h.until((e) => e.runId === runId && e.event.type === 'failed')
    const failed = h.of(runId).find((e) => e.type === 'failed')
    expect(failed).toMatchObject({ message: expect.stringMatching(/stopped unexpectedly/) })
    const lastSaved = h
      .of(runId)
      .filter((e) => e.type === 'checkpoint')
      .at(-1) as { epoch: number; path: string }
    const ckpt = await loadCheckpointFile(path.join(h.dataDir, 'runs', runId, CHECKPOINT_FILE))
    // the kill may land between a checkpoint's rename and its event: then the newer one is on disk
    expect([lastSaved.epoch, lastSaved.epoch + 1]).toContain(ckpt.meta.epoch)
    expect(ckpt.weights.every((w) => w.every(Number.isFinite))).toBe(true)

    const next = (await h.host.handle('train:start', startArgs(1))) as { runId: string }
    await h.until((e) => e.runId === next.runId && e.event.type === 'finished')
    expect(h.of(next.runId).at(-1)).toMatchObject({ type: 'finished', reason: 'completed', epochs: 1 })
    counts.faults++
  })

  it('a crash of the training process (a driver fault, an abort) is a failed run; the caller lives on', async () => {
    const dir = tmp('crash')
    const events: TrainEvent[] = []
    let crashed = false
    const h = startTraining({ ...startArgs(50), backend: 'wasm' as const, outDir: dir }, (e) => {
      events.push(e)
      // mid-epoch after a checkpoint: what a GPU driver fault or a wasm abort looks like from outside
      if (!crashed && e.type === 'batch-end' && e.epoch >= 2) {
        crashed = true
        process.kill(h.pid!, 'SIGABRT')
      }
    })
    expect(h.pid).toBeGreaterThan(0)
    expect(h.pid).not.toBe(process.pid)
    const last = await h.done
    expect(last).toMatchObject({
      type: 'failed',
      message: expect.stringMatching(/stopped unexpectedly \(signal SIGABRT\); the last checkpoint is kept/),
    })
    const ckpt = await loadCheckpointFile(path.join(dir, CHECKPOINT_FILE))
    expect(ckpt.meta.epoch).toBeGreaterThanOrEqual(1)
    expect(ckpt.weights.every((w) => w.every(Number.isFinite))).toBe(true)
    counts.faults++
  })

  it('Stop works at any moment: before the first batch, while paused, after the end', async () => {
    const h = hostWithEvents()
    const a = (await h.host.handle('train:start', startArgs(5))) as { runId: string }
    expect(await h.host.handle('train:control', { runId: a.runId, action: 'stop' })).toEqual({ ok: true })
    await h.until((e) => e.runId === a.runId && e.event.type === 'finished')
    expect(h.of(a.runId).at(-1)).toMatchObject({ type: 'finished', reason: 'stopped', epochs: 0 })

    const b = (await h.host.handle('train:start', startArgs(5))) as { runId: string }
    await h.until((e) => e.runId === b.runId && e.event.type === 'batch-end')
    await h.host.handle('train:control', { runId: b.runId, action: 'pause' })
    await h.until((e) => e.runId === b.runId && e.event.type === 'paused')
    await h.host.handle('train:control', { runId: b.runId, action: 'stop' })
    await h.until((e) => e.runId === b.runId && e.event.type === 'finished')
    expect(h.of(b.runId).at(-1)).toMatchObject({ type: 'finished', reason: 'stopped' })

    // a finished run is gone once its worker exits: controlling it is a no-op, not an error
    await expect
      .poll(() => h.host.handle('train:control', { runId: b.runId, action: 'stop' }), { timeout: 10_000 })
      .toEqual({ ok: false })
    counts.faults += 3
  })

  it('NaN during training stops with the step and node, keeping the last good checkpoint', async () => {
    const dir = tmp('nan')
    // no squashing activation: exploded weights overflow in a layer's output, not only in the loss
    const graph = slowGraph()
    graph.nodes[1].params = { units: 8, activation: 'linear' }
    const run = (overrides: Record<string, unknown>, resumeFrom?: string) =>
      new Promise<TrainEvent[]>((resolve) => {
        const events: TrainEvent[] = []
        const h = startTraining({ graph, overrides, backend: 'wasm', outDir: dir, resumeFrom }, (e) =>
          events.push(e),
        )
        void h.done.then(() => resolve(events))
      })
    const good = await run({ epochs: 1, optimizer: { type: 'sgd', lr: 0.01 } })
    expect(good.at(-1)).toMatchObject({ type: 'finished', reason: 'completed' })
    const file = path.join(dir, CHECKPOINT_FILE)
    const bytes = readFileSync(file)

    // resume from a copy whose weights are huge but finite: the next forward pass overflows
    const big = decodeCheckpoint(new Uint8Array(bytes))
    big.weights = big.weights.map((w) => w.map((v) => v * 1e20))
    const crafted = path.join(tmp('nan-src'), 'big.dwckpt')
    writeFileSync(crafted, encodeCheckpoint(big))
    const bad = await run({ epochs: 3 }, crafted)
    const failed = bad.at(-1) as Extract<TrainEvent, { type: 'failed' }>
    expect(failed.type).toBe('failed')
    expect(failed.message).toMatch(
      /the loss became (NaN|-?Infinity) at epoch 2, batch 1; the first non-finite values come out of node 'out'/,
    )
    expect(failed.nodeId).toBe('out')
    expect(readFileSync(file).equals(bytes)).toBe(true)
    counts.faults++
  })

  it('a checkpoint holding NaN weights is never written', () => {
    const c = decodeCheckpoint(
      encodeCheckpoint({
        meta: {
          format: 'deepwire-checkpoint',
          version: 1,
          graph: slowGraph() as never,
          training: {} as never,
          epoch: 3,
          history: [],
          backend: 'wasm',
          weights: [{ name: 'n_h/kernel', shape: [2] }],
          optimizer: [],
        },
        weights: [Float32Array.from([1, 2])],
        optimizer: [],
      }),
    )
    c.weights[0][1] = Number.NaN
    expect(() => encodeCheckpoint(c)).toThrow(/NaN or infinite by epoch 3 \(first in 'n_h\/kernel'\)/)
    counts.faults++
  })

  it('a model whose training memory exceeds the budget is refused before training, with the estimate', async () => {
    const vgg = JSON.parse(readFileSync(path.join(ROOT, 'presets/vgg11.json'), 'utf8'))
    const p = parseGraph(vgg)
    if (!p.ok) throw new Error('the preset does not parse')
    const estimate = estimateTrainingMemory(analyze(p.doc), 128, 'sgd')
    expect(estimate.total).toBeGreaterThan(4 * 2 ** 30)

    const events: TrainEvent[] = []
    const result = await executeRun(
      tf,
      { graph: vgg, overrides: { dataset: { name: 'fashion-mnist', limit: 256 } }, backend: 'wasm' },
      // the start-up phases it announces before refusing are not part of the answer
      (e) => e.type !== 'phase' && events.push(e),
      idle,
    )
    expect(result).toBeNull()
    expect(events.map((e) => e.type)).toEqual(['failed'])
    const message = (events[0] as { message: string }).message
    expect(message).toContain(`needs about ${(estimate.total / 2 ** 30).toFixed(2)} GiB`)
    expect(message).toMatch(/the memory budget is 4\.00 GiB: lower the batch size to \d+ or less/)

    // an explicit budget applies to any model
    process.env.DEEPWIRE_MEMORY_BUDGET_MB = '0.001'
    try {
      const small: TrainEvent[] = []
      await executeRun(
        tf,
        { graph: slowGraph(), backend: 'wasm' },
        (e) => e.type !== 'phase' && small.push(e),
        idle,
      )
      expect(small).toEqual([
        {
          type: 'failed',
          message: expect.stringMatching(/memory budget is 0\.0 MiB: lower the batch size to \d+ or less/),
        },
      ])
    } finally {
      delete process.env.DEEPWIRE_MEMORY_BUDGET_MB
    }
    counts.faults += 2
  })
})
