/**
 * BLEU on an encoder–decoder run: each epoch's validation reports the course's BLEU of greedy
 * answers, and it rises as the seq2seq preset learns to reverse digits; `predict --reference`
 * scores one answer.
 */
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { bleu } from '../../../engine/train/bleu'
import { tempDir } from '../data/tmp'
import type { GraphDocInput } from '../../../engine/graph/schema'
import { trainInProcess } from '../../helpers/train'

const doc = JSON.parse(readFileSync('presets/seq2seq.json', 'utf8')) as GraphDocInput

describe('validation BLEU of a seq2seq run', () => {
  it('is reported every epoch, between 0 and 1, and rises as the model learns', async () => {
    const ds = doc.training!.dataset!
    const small = { ...doc, training: { ...doc.training, dataset: { ...ds, limit: 1500 } } }
    const r = await trainInProcess(small, { epochs: 4, validationSplit: 0.1 })
    const bleu = r.epochs.map((e) => (e as { valMetrics: Record<string, number> }).valMetrics.bleu)
    console.log('BLEU by epoch', bleu)
    for (const b of bleu) {
      expect(b).toBeGreaterThanOrEqual(0)
      expect(b).toBeLessThanOrEqual(1)
    }
    expect(bleu.at(-1)!).toBeGreaterThan(bleu[0])
  }, 300_000)

  it('is not reported for models that are not encoder–decoders', async () => {
    const mlp = JSON.parse(readFileSync('presets/xor.json', 'utf8')) as GraphDocInput
    const r = await trainInProcess(mlp, { epochs: 1 })
    expect((r.epochs[0] as { valMetrics: Record<string, number> }).valMetrics.bleu).toBeUndefined()
  })
})

describe('deepwire predict --reference', () => {
  it("scores the model's answer against the expected one with the course's BLEU", async () => {
    const out = path.join(tempDir('seq-bleu'), 'run')
    const cli = (...args: string[]) =>
      promisify(execFile)('node', ['bin/deepwire.mjs', ...args], { maxBuffer: 1 << 24 })
    await cli('train', 'presets/seq2seq.json', '--limit', '300', '--epochs', '1', '--out', out, '--json')
    const { stdout } = await cli(
      'predict',
      'presets/seq2seq.json',
      '--checkpoint',
      out,
      '--input',
      '1234',
      '--reference',
      '4 3 2 1',
      '--json',
    )
    const r = JSON.parse(stdout) as { output: string; bleu: number }
    expect(r.bleu).toBeCloseTo(bleu(Array.from(r.output), ['4', '3', '2', '1']), 12)
  }, 300_000)
})
