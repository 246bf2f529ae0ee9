/**
 * The Inspect tab's text generation through the real engine host: a language-model run is listed
 * as one, continues a prompt in a worker with the settings of `deepwire predict` (seeded,
 * temperature 0 greedy, top-k), and anything else is refused with a reason.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import type { InspectRun, Pushes } from '../../../engine/app-contract'
import { createEngineHost } from '../../../engine/node/engine-host'
import { generateText } from '../../../engine/node/inspect-generate'
import type { GenerateResult } from '../../../engine/protocol'
import { viewsFor } from '../../../renderer/src/inspect/views'
import { checkpointWith } from './checkpoint'

const bigram = {
  format: 'deepwire-graph',
  version: 2,
  name: 'bigram',
  nodes: [
    { id: 'in', type: 'Input', params: { shape: [16], dtype: 'int32' } },
    { id: 'emb', type: 'Embedding', params: { inputDim: 70, outputDim: 8 } },
    { id: 'out', type: 'Dense', params: { units: 70 } },
  ],
  edges: [
    { source: 'in', target: 'emb' },
    { source: 'emb', target: 'out' },
  ],
  training: {
    dataset: { name: 'time-machine', size: [16], limit: 64 },
    optimizer: { type: 'adam', lr: 0.05 },
    batchSize: 16,
    epochs: 1,
  },
}

describe('generating text from a run', () => {
  const events: Pushes['train:event'][] = []
  const host = createEngineHost({
    dataDir: mkdtempSync(path.join(tmpdir(), 'dw-generate-host-')),
    push: (channel, p) => {
      if (channel === 'train:event') events.push(p as Pushes['train:event'])
    },
  })

  it('refuses bad settings and runs without a checkpoint', async () => {
    const runId = crypto.randomUUID()
    await expect(host.handle('inspect:generate', { runId, input: 'the', topK: 0 })).rejects.toThrow(
      /invalid arguments for 'inspect:generate': topK/,
    )
    await expect(host.handle('inspect:generate', { runId, input: '' })).rejects.toThrow(/input/)
    await expect(host.handle('inspect:generate', { runId, input: 'the' })).rejects.toThrow(
      /has no checkpoint yet/,
    )
  })

  it('a language-model run offers the view and continues a prompt in a worker', async () => {
    const { runId } = (await host.handle('train:start', { graph: bigram })) as { runId: string }
    await expect
      .poll(() => events.some((e) => e.runId === runId && e.event.type === 'finished'), { timeout: 90_000 })
      .toBe(true)
    const runs = (await host.handle('inspect:runs', {})) as InspectRun[]
    const run = runs.find((r) => r.runId === runId)!
    expect(run.languageModel).toBe(true)
    expect(viewsFor(run)).toContain('generate')
    expect(viewsFor({ ...run, languageModel: false })).not.toContain('generate')

    const gen = (o: Record<string, unknown>) =>
      host.handle('inspect:generate', {
        runId,
        input: 'The Time ',
        length: 30,
        ...o,
      }) as Promise<GenerateResult>
    const a = await gen({ temperature: 1, seed: 4 })
    expect(a).toMatchObject({ what: 'generate', input: 'The Time ' })
    expect(Array.from(a.output)).toHaveLength(30)
    expect((await gen({ temperature: 1, seed: 4 })).output).toBe(a.output)
    const greedy = (await gen({ temperature: 0 })).output
    expect((await gen({ temperature: 2, topK: 1, seed: 9 })).output).toBe(greedy)
  }, 120_000)

  it('a model that is not a language model is refused with the reason', async () => {
    const file = checkpointWith(
      {
        format: 'deepwire-graph',
        version: 2,
        nodes: [
          { id: 'in', type: 'Input', params: { shape: [2] } },
          { id: 'out', type: 'Dense', params: { units: 2 } },
        ],
        edges: [{ source: 'in', target: 'out' }],
        training: { dataset: { name: 'xor' } },
      },
      [
        { shape: [2, 2], values: [1, 0, 0, 1] },
        { shape: [2], values: [0, 0] },
      ],
    )
    await expect(generateText(tf, { what: 'generate', checkpoint: file, input: 'abc' })).rejects.toThrow(
      /text generation needs a language model; this run was trained on 'xor'/,
    )
  })
})
