/**
 * The sequence presets: trainable parameters equal their PyTorch reference models
 * (test/reference/seq_models.py), their own dataset fits them, and one training step runs.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { GraphDocInput } from '../../../engine/graph/schema'
import { analyzed } from '../../unit/vision/presets'
import { trainInProcess } from '../../helpers/train'
import { tempDir } from '../data/tmp'

const SEQ_PRESETS = [
  'rnn-char',
  'gru-char',
  'lstm-char',
  'deep-bilstm',
  'seq2seq',
  'seq2seq-attention',
  'transformer-encoder',
  'transformer',
  'bert-mini',
  'lstm-word',
  'gpt-char',
  'bert-pretrain',
  'bert-finetune',
  'skipgram',
]

const doc = (name: string) => JSON.parse(readFileSync(`presets/${name}.json`, 'utf8')) as GraphDocInput
const PYTHON = '/usr/bin/python3'

// CI installs torch (.ci/run), so there a missing torch fails instead of skipping
describe('sequence presets against PyTorch', () => {
  it('every preset has the parameter count of its PyTorch reference', () => {
    const out = execFileSync(PYTHON, ['test/reference/seq_models.py'], { encoding: 'utf8', timeout: 60_000 })
    const reference = JSON.parse(out) as Record<string, { params: number }>
    expect(Object.keys(reference).sort()).toEqual([...SEQ_PRESETS].sort())
    for (const name of SEQ_PRESETS) {
      const { analysis } = analyzed(doc(name))
      expect(analysis.errors, name).toEqual([])
      expect(analysis.totals.trainableParams, name).toBe(reference[name].params)
    }
  })
})

describe('sequence presets train on their own data', () => {
  for (const name of SEQ_PRESETS)
    it(`${name}: one step on its dataset, settings from the preset`, async () => {
      const d = doc(name)
      const ds = d.training!.dataset!
      // a few samples of the preset's own dataset: the check is the wiring, not the learning
      const small = { ...d, training: { ...d.training, dataset: { ...ds, limit: 8 } } }
      const r = await trainInProcess(small, { batchSize: 4, epochs: 1, validationSplit: 0.5 })
      const started = r.events.find((e) => e.type === 'run-started')
      expect(started).toBeDefined()
      expect(r.epochs).toHaveLength(1)
      const e = r.epochs[0] as { loss: number; valMetrics: Record<string, number> }
      expect(Number.isFinite(e.loss)).toBe(true)
      expect(Object.keys(e.valMetrics).length).toBeGreaterThan(0)
    }, 120_000)
})

describe("a character model on the user's own text", () => {
  const dir = tempDir('seq-own-text')
  const file = (name: string, text: string) => {
    const f = path.join(dir, name)
    writeFileSync(f, text.repeat(40))
    return f
  }
  const withText = (f: string) => ({ dataset: { name: 'time-machine', path: f, size: [35] } })

  it('says which sizes to change when the vocabulary differs from the preset', async () => {
    const small = file('small.txt', 'hello world, hello deepwire. ')
    await expect(trainInProcess(doc('lstm-char'), withText(small))).rejects.toThrow(
      /has 12 classes but the output 'out' has 70 units: make the last layer output 12/,
    )
    const wide = file(
      'wide.txt',
      Array.from({ length: 80 }, (_, i) => String.fromCodePoint(0x4e00 + i)).join(''),
    )
    await expect(trainInProcess(doc('lstm-char'), withText(wide))).rejects.toThrow(
      /vocabulary of 80 tokens but Embedding 'embed' takes ids below 70: set its inputDim to 80/,
    )
  })
})
