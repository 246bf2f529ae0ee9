/**
 * The word-level LSTM and the decoder-only GPT character model: both learn a little in a tiny
 * run on the shipped text, the GPT's PyTorch export computes what the engine computes (the
 * parameter count is pinned against test/reference/seq_models.py in seq-presets), and sampling
 * from the trained GPT is seeded, with temperature → 0 and top-k = 1 both equal to greedy.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { GraphDocInput } from '../../../engine/graph/schema'
import { rng } from '../../../engine/data/random'
import { sample } from '../../../engine/infer/decode'
import { predictorFromCheckpoint } from '../../../engine/infer/load'
import { predict, type Predictor } from '../../../engine/infer/predict'
import type { Checkpoint } from '../../../engine/train/checkpoint'
import { checkPackages, exportWithOutputs } from '../../export/pytorch-parity'
import { tf, trainInProcess } from '../../helpers/train'

const doc = (name: string) => JSON.parse(readFileSync(`presets/${name}.json`, 'utf8')) as GraphDocInput

/** A few dozen windows of the preset's own dataset, a few epochs: enough for the loss to move. */
async function tinyRun(name: string, limit: number, epochs: number) {
  const d = doc(name)
  let last: Checkpoint | undefined
  const r = await trainInProcess(
    { ...d, training: { ...d.training, dataset: { ...d.training!.dataset!, limit } } },
    { epochs, batchSize: 16, validationSplit: 0 },
    { keep: (c) => (last = c) },
  )
  const batches = r.events.filter((e) => e.type === 'batch-end') as { loss: number }[]
  const epochsDone = r.epochs as { loss: number }[]
  return { first: batches[0].loss, last: epochsDone.at(-1)!.loss, checkpoint: last! }
}

describe('top-k sampling', () => {
  it('draws only among the k likeliest tokens, renormalised', async () => {
    // a fixed next-token distribution: p = 0.4, 0.3, 0.2, 0.1
    const lp = Float32Array.from([0.4, 0.3, 0.2, 0.1], Math.log)
    const counts = (h: { tokens: number[] }) =>
      [0, 1, 2, 3].map((t) => h.tokens.filter((x) => x === t).length)
    const o = { maxLength: 4000, temperature: 1, rand: rng(5) }
    const all = counts(await sample(async (ps) => ps.map(() => lp), [], o))
    const top2 = counts(await sample(async (ps) => ps.map(() => lp), [], { ...o, rand: rng(5), topK: 2 }))
    expect(all.every((c) => c > 0)).toBe(true)
    expect(top2.slice(2)).toEqual([0, 0])
    // 0.4 / 0.7 of the draws go to the likeliest
    expect(top2[0] / 4000).toBeCloseTo(4 / 7, 1)
  })
})

describe('word-level LSTM language model', () => {
  it('trains on the Time Machine words with minFreq 3: the loss falls', async () => {
    const { first, last, checkpoint } = await tinyRun('lstm-word', 32, 4)
    // log(1416) ≈ 7.26 at the start; the frequent words alone take it well below
    expect(first).toBeGreaterThan(6.5)
    expect(last).toBeLessThan(first - 0.8)
    expect(checkpoint.meta.dataset).toMatchObject({ tokenizer: 'word' })
    expect(checkpoint.meta.dataset!.vocab).toHaveLength(1416)
  }, 180_000)
})

describe('GPT character model', () => {
  let predictor: Predictor
  let first = 0
  let last = 0
  beforeAll(async () => {
    const run = await tinyRun('gpt-char', 64, 4)
    ;({ first, last } = run)
    predictor = await predictorFromCheckpoint(tf, run.checkpoint)
  }, 180_000)
  afterAll(() => predictor?.model.dispose())

  it('learns: the loss falls from about log 70', () => {
    expect(first).toBeGreaterThan(3.8)
    expect(last).toBeLessThan(first - 0.5)
  })

  const gen = (o: { temperature: number; topK?: number; seed?: number }) =>
    predict(predictor, { input: 'the time ', length: 24, seed: 3, ...o }).then((p) => p.output)

  it('samples deterministically for a seed, and differently for another', async () => {
    const a = await gen({ temperature: 1 })
    expect(a).toHaveLength(24)
    expect(await gen({ temperature: 1 })).toBe(a)
    const others = await Promise.all([4, 5, 6].map((seed) => gen({ temperature: 1, seed })))
    expect(others.some((o) => o !== a)).toBe(true)
  })

  it('temperature → 0 and top-k 1 are greedy decoding', async () => {
    const greedy = await gen({ temperature: 0 })
    expect(await gen({ temperature: 1e-4 })).toBe(greedy)
    expect(await gen({ temperature: 1, topK: 1 })).toBe(greedy)
    expect(await gen({ temperature: 5, topK: 1, seed: 9 })).toBe(greedy)
  })

  it('top-k changes what a hot sample draws, and 0 is refused', async () => {
    await expect(gen({ temperature: 1, topK: 0 })).rejects.toThrow(/top-k must be a whole number/)
    const wide = await gen({ temperature: 3, seed: 1 })
    const narrow = await gen({ temperature: 3, topK: 3, seed: 1 })
    expect(narrow).toHaveLength(24)
    expect(narrow).not.toBe(wide)
  })
})

describe('GPT character model exported to PyTorch', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'deepwire-gpt-pytorch-'))
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  it('model.py computes the engine’s logits (causal masks included)', async () => {
    await exportWithOutputs(doc('gpt-char'), root)
    const [r] = await checkPackages([root])
    if (r.error) throw new Error(r.error)
    expect(r.peak).toBeGreaterThan(0)
    expect(r.maxDiff! / Math.max(1, r.peak!)).toBeLessThan(1e-4)
  }, 180_000)
})
