/**
 * The Inspect requests through the real engine host: a run trained by the host keeps its
 * histograms beside its checkpoint, is listed with the views its graph allows, and its
 * activations come back from a worker thread. Bad arguments are refused with their name.
 */
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { InspectRun, Pushes } from '../../../engine/app-contract'
import { createEngineHost } from '../../../engine/node/engine-host'
import type { ActivationsResult, TrainEvent } from '../../../engine/protocol'

describe('inspect requests', () => {
  const events: Pushes['train:event'][] = []
  const host = createEngineHost({
    dataDir: mkdtempSync(path.join(tmpdir(), 'dw-inspect-host-')),
    push: (channel, p) => {
      if (channel === 'train:event') events.push(p as Pushes['train:event'])
    },
  })

  it.each([
    [
      'inspect:activations',
      { runId: '../../etc', sampleIndex: 0 },
      /invalid arguments for 'inspect:activations': runId/,
    ],
    ['inspect:activations', { runId: crypto.randomUUID(), sampleIndex: -1 }, /sampleIndex/],
    ['inspect:boundary', { runId: crypto.randomUUID(), resolution: 1000 }, /resolution/],
    ['inspect:activations', { runId: crypto.randomUUID(), sampleIndex: 0 }, /has no checkpoint yet/],
  ])('%s %j is refused', async (channel, args, message) => {
    await expect(host.handle(channel, args)).rejects.toThrow(message)
  })

  it('lists a finished run with its histograms and inspects it in a worker', async () => {
    const graph = JSON.parse(readFileSync('presets/xor.json', 'utf8'))
    const { runId } = (await host.handle('train:start', { graph, overrides: { epochs: 3 } })) as {
      runId: string
    }
    await expect
      .poll(() => events.some((e) => e.runId === runId && e.event.type === 'finished'), { timeout: 60_000 })
      .toBe(true)
    const streamed = events
      .filter((e) => e.runId === runId && e.event.type === 'histograms')
      .map((e) => e.event)
    expect(streamed).toHaveLength(3)

    const runs = (await host.handle('inspect:runs', {})) as InspectRun[]
    expect(runs).toEqual([
      expect.objectContaining({
        runId,
        name: 'XOR MLP',
        epoch: 3,
        dataset: 'xor',
        inputShape: [2],
        conv: false,
        attention: false,
      }),
    ])
    // read back from disk, the same as streamed
    const kept = (await host.handle('inspect:histograms', { runId })) as TrainEvent[]
    expect(kept).toEqual(streamed)

    const a = (await host.handle('inspect:activations', { runId, sampleIndex: 2 })) as ActivationsResult
    expect(a.sample).toMatchObject({ index: 2, count: 40, split: 'validation', shape: [2] })
    expect(a.layers.map((l) => [l.node, l.shape])).toEqual([
      ['hidden', [8]],
      ['out', [2]],
    ])
    expect(a.sample.output.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 5)
  })
})
