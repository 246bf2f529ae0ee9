import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { GraphDocInput } from '../../../engine/graph/schema'
import type { TrainEvent } from '../../../engine/protocol'
import { decodeCheckpoint, encodeCheckpoint, type Checkpoint } from '../../../engine/train/checkpoint'
import { trainInProcess } from '../../helpers/train'

const preset = (name: string) => JSON.parse(readFileSync(`presets/${name}.json`, 'utf8')) as GraphDocInput
const small = (d: GraphDocInput, limit: number): GraphDocInput => ({
  ...d,
  training: { ...d.training, dataset: { ...d.training!.dataset!, samples: 64, limit } },
})

describe('BERT: pretrain, then fine-tune from the checkpoint', () => {
  it('bert-finetune loads the whole pretrained encoder and pooler from a bert-pretrain checkpoint', async () => {
    const saved: Checkpoint[] = []
    const pre = await trainInProcess(
      small(preset('bert-pretrain'), 16),
      { batchSize: 8, epochs: 1, validationSplit: 0.5 },
      { keep: (c) => saved.push(c) },
    )
    const first = pre.epochs[0] as Extract<TrainEvent, { type: 'epoch-end' }>
    expect(Object.keys(first.valMetrics)).toEqual(['mlm-accuracy', 'nsp-accuracy'])
    const ckpt = decodeCheckpoint(encodeCheckpoint(saved.at(-1)!))
    const run = await trainInProcess(
      small(preset('bert-finetune'), 8),
      { batchSize: 8 },
      { initFrom: ckpt, maxBatches: 0 },
    )
    const started = run.events.find((e) => e.type === 'run-started') as Extract<
      TrainEvent,
      { type: 'run-started' }
    >
    const report = started.transfer!
    // every weight of the encoder block (embeddings, positions, both layers) and the pooler
    expect(report.loaded.map((n) => n.node)).toContain('nsp_hidden')
    expect(report.loaded.reduce((a, n) => a + n.params, 0)).toBe(126_210 - (64 * 2 + 2))
    expect(report.initialised.map((n) => n.node)).toEqual(['classifier'])
    expect(report.unused.sort()).toEqual(['mlm_hidden', 'mlm_norm', 'mlm_out', 'nsp_out'])
  }, 120_000)

  it('says what shape the mlm-nsp loss needs when the graph ends in a classifier', async () => {
    const wrong = small(preset('bert-finetune'), 8)
    const d = {
      ...wrong,
      training: { ...wrong.training, dataset: { name: 'time-machine-mlm', samples: 16 } },
    }
    await expect(trainInProcess(d, { loss: 'mlm-nsp', batchSize: 8 })).rejects.toThrow(
      /the mlm-nsp loss reads \[positions, vocabulary \+ 2\] .*output 'classifier' is \[2\] but 'time-machine-mlm' needs \[32×827\]/,
    )
  })
})
