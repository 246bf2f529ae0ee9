/** Run history: recorded by the engine host for every run, listed, compared and deleted. */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Pushes } from '../../../engine/app-contract'
import { createEngineHost } from '../../../engine/node/engine-host'
import { describeRun, listRuns, RUN_FILE, type RunRecord } from '../../../engine/node/runs'

const preset = (name: string) => JSON.parse(readFileSync(`presets/${name}.json`, 'utf8'))

describe('run settings', () => {
  it('name the architecture, its activations and layers, and the effective training settings', () => {
    const lenet = preset('lenet')
    const s = describeRun(lenet, { epochs: 3, dataset: { name: 'fashion-mnist', limit: 500 } })!
    expect(s).toMatchObject({
      graphName: 'LeNet-5',
      dataset: 'fashion-mnist',
      datasetOptions: 'limit=500',
      optimizer: 'sgd',
      lr: 0.9,
      epochs: 3,
      batchSize: 256,
      trainableParams: 61706,
      activations: ['sigmoid'],
    })
    expect(s.layers).toMatchObject({ Conv2D: 2, Sigmoid: 2, AvgPool2D: 2, Dense: 3 })
    // moving a node keeps the fingerprint; swapping its activation changes it
    const moved = structuredClone(lenet)
    moved.nodes[1].position = { x: 999, y: 5 }
    expect(describeRun(moved, {})!.graphHash).toBe(s.graphHash)
    const relu = structuredClone(lenet)
    relu.nodes = relu.nodes.map((n: { type: string }) => (n.type === 'Sigmoid' ? { ...n, type: 'ReLU' } : n))
    const r = describeRun(relu, {})!
    expect(r.graphHash).not.toBe(s.graphHash)
    expect(r.activations).toEqual(['relu', 'sigmoid'])
    expect(describeRun({ nodes: 'nope' }, {})).toBeNull()
    expect(describeRun(lenet, { batchSize: -1 })).toBeNull()
  })
})

describe('recorded runs', () => {
  it('skip damaged records and mark runs cut off by a closed app as interrupted', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'dw-runs-'))
    const write = (id: string, content: string) => {
      mkdirSync(path.join(root, id), { recursive: true })
      writeFileSync(path.join(root, id, RUN_FILE), content)
    }
    const rec = (id: string, startedAt: number): RunRecord => ({
      id,
      startedAt,
      status: 'running',
      settings: null,
      epochs: [],
    })
    write('a', JSON.stringify(rec('a', 1)))
    write('b', '{ not json')
    write('c', JSON.stringify({ ...rec('c', 2), status: 'exploded' }))
    mkdirSync(path.join(root, 'old-checkpoint-only'))
    const live = new Map([['d', rec('d', 3)]])
    const list = await listRuns(root, live)
    expect(list.map((r) => [r.id, r.status])).toEqual([
      ['d', 'running'],
      ['a', 'interrupted'],
    ])
  })

  it('are kept by the engine host for every run, survive a new host and can be deleted', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'dw-host-runs-'))
    let onDone = () => {}
    const host = createEngineHost({
      dataDir,
      push: (channel, payload) => {
        if (channel !== 'train:event') return
        const { event } = payload as Pushes['train:event']
        if (event.type === 'finished' || event.type === 'failed') onDone()
      },
    })
    // one run at a time: the next 'finished' is this run's
    const train = async (overrides: Record<string, unknown>) => {
      const done = new Promise<void>((resolve) => (onDone = resolve))
      const { runId } = (await host.handle('train:start', { graph: preset('xor'), overrides })) as {
        runId: string
      }
      await done
      return runId
    }
    const first = await train({ epochs: 2 })
    const second = await train({ epochs: 3, optimizer: { type: 'sgd', lr: 0.5 } })
    await host.dispose()

    // a new host (the app restarted) reads the same history from disk
    const again = createEngineHost({ dataDir, push: () => {} })
    const list = (await again.handle('runs:list', {})) as RunRecord[]
    expect(list.map((r) => r.id)).toEqual([second, first])
    const [b, a] = list
    expect(a.status).toBe('completed')
    expect(a.epochs.map((e) => e.epoch)).toEqual([1, 2])
    expect(b.epochs).toHaveLength(3)
    expect(b.epochs[2].valMetrics.accuracy).toBeGreaterThan(0)
    expect(b.endedAt).toBeGreaterThanOrEqual(b.startedAt)
    expect(a.settings).toMatchObject({ graphName: 'XOR MLP', epochs: 2 })
    expect(b.settings).toMatchObject({ optimizer: 'sgd', lr: 0.5, epochs: 3 })
    expect(b.settings!.graphHash).toBe(a.settings!.graphHash)

    await expect(again.handle('runs:delete', { id: 'x' })).rejects.toThrow(
      /invalid arguments for 'runs:delete': id/,
    )
    await expect(again.handle('runs:delete', { id: '00000000-0000-4000-8000-000000000000' })).rejects.toThrow(
      /no recorded run/,
    )
    await again.handle('runs:delete', { id: first })
    expect(((await again.handle('runs:list', {})) as RunRecord[]).map((r) => r.id)).toEqual([second])
  })
})
