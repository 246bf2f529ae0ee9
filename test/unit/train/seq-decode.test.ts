/**
 * Greedy search, beam search and sampling on a hand-built model where they disagree: after <bos>
 * the likeliest token is "1" (0.5, then <eos> at 0.4: 0.20 in all) but "2" (0.4, then <eos> at
 * 0.9: 0.36) is the likelier answer. Greedy commits to "1"; a beam of 2 finds "2".
 */
import { describe, expect, it } from 'vitest'
import { compile } from '../../../engine/compile/compile'
import { rng } from '../../../engine/data/random'
import { BOS, EOS, SEQ_VOCAB } from '../../../engine/data/sequences'
import { analyze } from '../../../engine/graph/analyze'
import { parseGraph } from '../../../engine/graph/parse'
import { beamSearch, greedy, sample, type NextToken } from '../../../engine/infer/decode'
import { predict } from '../../../engine/infer/predict'
import { tf } from '../../helpers/train'

const V = SEQ_VOCAB.length
const ONE = SEQ_VOCAB.indexOf('1')
const TWO = SEQ_VOCAB.indexOf('2')

/** Next-token log-probabilities given the last token (a bigram table); unlisted tokens ≈ 0. */
function table(): Float32Array[] {
  const rows = Array.from({ length: V }, () => new Float32Array(V).fill(Math.log(1e-9)))
  const set = (from: number, p: Record<number, number>) => {
    for (const [tok, v] of Object.entries(p)) rows[from][Number(tok)] = Math.log(v)
  }
  set(BOS, { [ONE]: 0.5, [TWO]: 0.4, [EOS]: 0.1 })
  set(ONE, { [EOS]: 0.4, [ONE]: 0.3, [TWO]: 0.3 })
  set(TWO, { [EOS]: 0.9, [ONE]: 0.05, [TWO]: 0.05 })
  return rows
}
const next: NextToken = async (prefixes) => prefixes.map((p) => table()[p.at(-1)!])

describe('decoding', () => {
  it('greedy takes the locally best token, beam search the globally better sequence', async () => {
    const g = await greedy(next, [BOS], { maxLength: 5, eos: EOS })
    expect(g.tokens).toEqual([ONE])
    expect(Math.exp(g.logProb)).toBeCloseTo(0.2, 6)
    const beams = await beamSearch(next, [BOS], { maxLength: 5, eos: EOS, beamWidth: 2 })
    expect(beams[0].tokens).toEqual([TWO])
    expect(Math.exp(beams[0].logProb)).toBeCloseTo(0.36, 6)
    expect(beams[0].finished).toBe(true)
    expect(beams[1].tokens).toEqual([ONE])
    // width 1 is greedy
    expect((await beamSearch(next, [BOS], { maxLength: 5, eos: EOS, beamWidth: 1 }))[0].tokens).toEqual([ONE])
  })

  it('sampling: temperature 0 is greedy; a seed fixes the draw; low temperature concentrates', async () => {
    const o = { maxLength: 5, eos: EOS }
    expect((await sample(next, [BOS], { ...o, temperature: 0, rand: rng(1) })).tokens).toEqual([ONE])
    const a = await sample(next, [BOS], { ...o, temperature: 1, rand: rng(7) })
    const b = await sample(next, [BOS], { ...o, temperature: 1, rand: rng(7) })
    expect(a).toEqual(b)
    const firsts = async (t: number) => {
      const r = rng(3)
      let ones = 0
      for (let i = 0; i < 400; i++)
        ones +=
          (await sample(next, [BOS], { ...o, maxLength: 1, temperature: t, rand: r })).tokens[0] === ONE
            ? 1
            : 0
      return ones / 400
    }
    const warm = await firsts(1)
    expect(warm).toBeGreaterThan(0.4)
    expect(warm).toBeLessThan(0.6)
    expect(await firsts(0.1)).toBeGreaterThan(0.85)
    await expect(sample(next, [BOS], { ...o, temperature: -1, rand: rng(0) })).rejects.toThrow(/temperature/)
  })

  it('through a real encoder–decoder model: predict() with --beam 1 and --beam 2', async () => {
    // source and decoder embeddings added; the source table is zero, the decoder table is the bigram
    const L = 4
    const parsed = parseGraph({
      format: 'deepwire-graph',
      version: 2,
      nodes: [
        { id: 'src', type: 'Input', params: { shape: [L], dtype: 'int32' } },
        { id: 'dec', type: 'Input', params: { shape: [L], dtype: 'int32' } },
        { id: 'es', type: 'Embedding', params: { inputDim: V, outputDim: V } },
        { id: 'ed', type: 'Embedding', params: { inputDim: V, outputDim: V } },
        { id: 'sum', type: 'Add' },
      ],
      edges: [
        { source: 'src', target: 'es' },
        { source: 'dec', target: 'ed' },
        { source: 'es', target: 'sum' },
        { source: 'ed', target: 'sum' },
      ],
    })
    if (!parsed.ok) throw new Error(parsed.errors[0].message)
    const analysis = analyze(parsed.doc)
    expect(analysis.errors).toEqual([])
    const { model, layerNames } = compile(tf, analysis)
    model.getLayer(layerNames.get('es')!).setWeights([tf.zeros([V, V])])
    const rows = table()
    model.getLayer(layerNames.get('ed')!).setWeights([
      tf.tensor2d(
        rows.flatMap((r) => Array.from(r)),
        [V, V],
      ),
    ])
    const data = {
      name: 'copy-seq2seq',
      task: 'classification' as const,
      inputShape: [L],
      targetShape: [L],
      layout: 'encoder-decoder',
      vocab: SEQ_VOCAB,
      padId: 0,
      bosId: BOS,
      eosId: EOS,
      moreInputs: [{ name: 'decoder tokens', shape: [L] }],
    }
    const p = { tf, model, analysis, head: 'logits' as const, data }
    expect((await predict(p, { input: '12' })).output).toBe('1')
    const beam = await predict(p, { input: '12', beam: 2 })
    expect(beam.output).toBe('2')
    expect(beam.candidates?.map((c) => c.text)).toEqual(['2', '1'])
    await expect(predict(p, { input: '1234' })).rejects.toThrow(/4 tokens; this model reads at most 3/)
    await expect(predict(p, { input: '1x' })).rejects.toThrow(/"x" is not in the model's vocabulary/)
  })
})
