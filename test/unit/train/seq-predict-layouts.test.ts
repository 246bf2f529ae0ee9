/**
 * predict() on the layouts other than the language model and the encoder–decoder (covered by the
 * CLI and decoding tests): the per-position answer, a sentence pair and a sequence classifier,
 * each through a small real model whose output is fixed by hand.
 */
import { describe, expect, it } from 'vitest'
import { compile } from '../../../engine/compile/compile'
import { PAIR_VOCAB } from '../../../engine/data/sentence-pairs'
import { BOS, EOS, PAD, SEQ_VOCAB } from '../../../engine/data/sequences'
import { analyze } from '../../../engine/graph/analyze'
import { parseGraph } from '../../../engine/graph/parse'
import type { GraphDocInput } from '../../../engine/graph/schema'
import { predict } from '../../../engine/infer/predict'
import { tf } from '../../helpers/train'

function build(doc: Omit<GraphDocInput, 'format' | 'version'>) {
  const p = parseGraph({ format: 'deepwire-graph', version: 2, ...doc })
  if (!p.ok) throw new Error(p.errors[0].message)
  const analysis = analyze(p.doc)
  expect(analysis.errors).toEqual([])
  return { analysis, ...compile(tf, analysis) }
}

describe('predict() layouts', () => {
  it('answer-after-eos: one pass, the answer is read from the <eos> position until <eos>', async () => {
    const V = SEQ_VOCAB.length
    const L = 8
    const { analysis, model, layerNames } = build({
      nodes: [
        { id: 'in', type: 'Input', params: { shape: [L], dtype: 'int32' } },
        { id: 'emb', type: 'Embedding', params: { inputDim: V, outputDim: V } },
      ],
      edges: [{ source: 'in', target: 'emb' }],
    })
    // each position's logits are a one-hot of a token chosen from its input: <eos> → "7", <pad> → <eos>
    const seven = SEQ_VOCAB.indexOf('7')
    const table = Array.from({ length: V }, (_, t) =>
      Array.from({ length: V }, (_, c) => (c === (t === EOS ? seven : t === PAD ? EOS : t) ? 10 : 0)),
    )
    model.getLayer(layerNames.get('emb')!).setWeights([tf.tensor2d(table)])
    const data = {
      name: 'reverse',
      task: 'classification' as const,
      inputShape: [L],
      targetShape: [L],
      layout: 'answer-after-eos',
      vocab: SEQ_VOCAB,
      padId: PAD,
      bosId: BOS,
      eosId: EOS,
    }
    const r = await predict({ tf, model, analysis, head: 'logits', data }, { input: '1 2 3' })
    expect(r).toMatchObject({ layout: 'answer-after-eos', output: '7' })
    await expect(
      predict({ tf, model, analysis, head: 'logits', data }, { input: '1234567' }),
    ).rejects.toThrow(/7 tokens; this model reads at most 6/)
  })

  it('sentence pair and sequence classification: class probabilities that sum to 1', async () => {
    const L = 7
    const { analysis, model } = build({
      nodes: [
        { id: 'tokens', type: 'Input', params: { shape: [L], dtype: 'int32' } },
        { id: 'segments', type: 'Input', params: { shape: [L], dtype: 'int32' } },
        { id: 'te', type: 'Embedding', params: { inputDim: PAIR_VOCAB.length, outputDim: 4 } },
        { id: 'se', type: 'Embedding', params: { inputDim: 2, outputDim: 4 } },
        { id: 'sum', type: 'Add' },
        { id: 'pool', type: 'GlobalAvgPool' },
        { id: 'out', type: 'Dense', params: { units: 2 } },
      ],
      edges: [
        { source: 'tokens', target: 'te' },
        { source: 'segments', target: 'se' },
        { source: 'te', target: 'sum' },
        { source: 'se', target: 'sum' },
        { source: 'sum', target: 'pool' },
        { source: 'pool', target: 'out' },
      ],
    })
    const data = {
      name: 'same-multiset',
      task: 'classification' as const,
      inputShape: [L],
      targetShape: [],
      classNames: ['different', 'same'],
      layout: 'sentence-pair',
      vocab: PAIR_VOCAB,
      padId: 0,
      moreInputs: [{ name: 'segments', shape: [L] }],
    }
    const p = { tf, model, analysis, head: 'logits' as const, data }
    const r = await predict(p, { input: 'ab|ba' })
    expect(r.probabilities!.map((c) => c.label)).toEqual(['different', 'same'])
    expect(r.probabilities![0].p + r.probabilities![1].p).toBeCloseTo(1, 5)
    expect(r.output).toBe(r.probabilities![0].p > 0.5 ? 'different' : 'same')
    await expect(predict(p, { input: 'abc' })).rejects.toThrow(/separated by "\|"/)
    await expect(predict(p, { input: 'abc|cba' })).rejects.toThrow(/needs 9 positions, the model has 7/)

    const { analysis: a2, model: m2 } = build({
      nodes: [
        { id: 'in', type: 'Input', params: { shape: [5], dtype: 'int32' } },
        { id: 'emb', type: 'Embedding', params: { inputDim: SEQ_VOCAB.length, outputDim: 4 } },
        { id: 'pool', type: 'GlobalAvgPool' },
        { id: 'out', type: 'Dense', params: { units: 2, activation: 'softmax' } },
      ],
      edges: [
        { source: 'in', target: 'emb' },
        { source: 'emb', target: 'pool' },
        { source: 'pool', target: 'out' },
      ],
    })
    const seq = {
      name: 'palindrome',
      task: 'classification' as const,
      inputShape: [5],
      targetShape: [],
      classNames: ['no', 'yes'],
      layout: 'sequence-classification',
      vocab: SEQ_VOCAB,
      padId: PAD,
    }
    // a Softmax head: the probabilities are the model's own output
    const direct = m2.predict(tf.tensor2d([[4, 5, 4, 0, 0]], [1, 5], 'int32')) as tf.Tensor
    const c = await predict(
      { tf, model: m2, analysis: a2, head: 'probabilities', data: seq },
      { input: '121' },
    )
    expect(c.probabilities![1].p).toBeCloseTo(direct.dataSync()[1], 6)
    await expect(
      predict({ tf, model: m2, analysis: a2, head: 'probabilities', data: seq }, { input: '123456' }),
    ).rejects.toThrow(/6 tokens; this model reads at most 5/)
  })
})
