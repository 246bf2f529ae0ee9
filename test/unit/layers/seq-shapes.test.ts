/**
 * Shape rules, refusals and parameter counts of the sequence layers. The PyTorch counts were
 * taken from /usr/bin/python3 (sum of p.numel() over the module's parameters) and are pinned
 * here; `checked` also makes tfjs agree with the registry.
 */
import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { getLayer, ShapeError, type Shape } from '../../../engine/layers'
import { resolveParams } from '../../../engine/layers/resolve'
import { checked, resolved } from './build'

describe('PyTorch parameter counts of the sequence layers', () => {
  it.each([
    ['nn.RNN(4, 3, bidirectional=True)', 'SimpleRNN', { units: 3, bidirectional: 'concat' }, [[5, 4]], 54],
    ['nn.GRU(10, 20)', 'GRU', { units: 20 }, [[7, 10]], 1920],
    ['nn.LSTM(10, 20)', 'LSTM', { units: 20, returnSequences: false }, [[7, 10]], 2560],
    ['nn.LSTM(8, 16, bidirectional=True)', 'LSTM', { units: 16, bidirectional: 'sum' }, [[7, 8]], 3328],
    ['nn.MultiheadAttention(64, 8)', 'MultiHeadAttention', { heads: 8 }, [[5, 64]], 16_640],
    [
      'nn.MultiheadAttention(32, 4, kdim=24, vdim=24)',
      'MultiHeadAttention',
      { heads: 4 },
      [
        [5, 32],
        [6, 24],
      ],
      3712,
    ],
    // d2l's AdditiveAttention(key_size=2, query_size=20, num_hiddens=8): three bias-free Linears
    [
      'AdditiveAttention(2, 20, 8)',
      'Attention',
      { score: 'additive', units: 8 },
      [
        [5, 20],
        [6, 3],
        [6, 2],
      ],
      184,
    ],
    ['nn.Embedding(50, 16) as positions', 'PositionEmbedding', { maxLength: 50 }, [[9, 16]], 800],
    ['Linear(32, 64) + Linear(64, 32)', 'FeedForward', { hidden: 64 }, [[9, 32]], 4192],
    ['no parameters', 'PositionalEncoding', {}, [[9, 32]], 0],
  ] as const)('%s: %s %j on %j has %d', (_name, kind, params, inputs, expected) => {
    const b = checked(
      kind,
      params,
      inputs.map((s) => [...s]),
    )
    expect(b.trainableParams).toBe(expected)
    b.model.dispose()
  })
})

describe('output shapes', () => {
  const shape = (kind: string, params: Record<string, unknown>, inputs: Shape[]) => {
    const { def, params: p } = resolved(kind, params)
    return def.outputShape(p, inputs)
  }

  it('returns every step or the final state, concat doubling the width', () => {
    expect(shape('GRU', { units: 8 }, [[10, 3]])).toEqual([10, 8])
    expect(shape('GRU', { units: 8, returnSequences: false }, [[10, 3]])).toEqual([8])
    expect(shape('LSTM', { units: 8, bidirectional: 'concat' }, [[10, 3]])).toEqual([10, 16])
    expect(shape('SimpleRNN', { units: 8, bidirectional: 'sum', returnSequences: false }, [[10, 3]])).toEqual(
      [8],
    )
  })

  it('attends with [Tq, d] queries over [Tv, dv] values to [Tq, dv]', () => {
    expect(
      shape('Attention', {}, [
        [4, 6],
        [9, 6],
      ]),
    ).toEqual([4, 6])
    expect(
      shape('Attention', { score: 'additive' }, [
        [4, 6],
        [9, 2],
        [9, 5],
      ]),
    ).toEqual([4, 2])
    expect(
      shape('MultiHeadAttention', { heads: 2 }, [
        [4, 6],
        [9, 3],
      ]),
    ).toEqual([4, 6])
  })
})

describe('refusals name the problem', () => {
  const refusal = (kind: string, params: Record<string, unknown>, inputs: Shape[]) => {
    const def = getLayer(kind)!
    const r = resolveParams(def, params)
    if (!r.ok) throw new Error('params')
    try {
      def.outputShape(r.params, inputs)
    } catch (e) {
      expect(e).toBeInstanceOf(ShapeError)
      return (e as Error).message
    }
    throw new Error(`${kind} accepted ${JSON.stringify(inputs)}`)
  }

  it('wants sequences', () => {
    expect(refusal('LSTM', {}, [[10]])).toBe(
      'LSTM needs a sequence [time steps, features], but its input is [10] (add a Reshape in front)',
    )
    expect(refusal('PositionalEncoding', {}, [[4, 4, 3]])).toBe(
      'PositionalEncoding needs a sequence [time steps, features], but its input is [4×4×3]',
    )
    expect(refusal('Attention', {}, [[4, 6], [6]])).toBe(
      'Attention needs values (input 2) as a sequence [time steps, features], but its input is [6] (add a Reshape in front)',
    )
    expect(refusal('FeedForward', {}, [[2, 3, 4]])).toMatch(
      /FeedForward needs a sequence .* but its input is \[2×3×4\]/,
    )
  })

  it('checks initial states against units', () => {
    expect(refusal('GRU', { units: 8 }, [[10, 3], [4]])).toBe(
      "GRU's input 2 is its initial hidden state h0 and must be [8] (units), but it is [4]",
    )
    expect(refusal('LSTM', { units: 8 }, [[10, 3], [8], [8, 1]])).toBe(
      "LSTM's input 3 is its initial cell state c0 and must be [8] (units), but it is [8×1]",
    )
  })

  it('checks attention widths, lengths and masks', () => {
    expect(
      refusal('Attention', {}, [
        [4, 6],
        [9, 5],
      ]),
    ).toMatch(/scaled-dot score needs queries and keys of the same width/)
    expect(
      refusal('Attention', {}, [
        [4, 6],
        [9, 5],
        [8, 6],
      ]),
    ).toBe('Attention needs one key per value, but keys are [8×6] and values [9×5]')
    expect(refusal('MultiHeadAttention', { heads: 4 }, [[4, 6]])).toBe(
      'MultiHeadAttention splits the query width 6 into 4 heads, which does not divide evenly; set keyDim (features per head) or change heads',
    )
    expect(refusal('MultiHeadAttention', { padId: 0 }, [[4, 8]])).toMatch(
      /padId 0, so its last input must be the token ids/,
    )
    expect(refusal('MultiHeadAttention', {}, [[4, 8], [4, 8], [4]])).toMatch(/needs padId ≥ 0/)
    expect(refusal('MultiHeadAttention', { padId: 0 }, [[4, 8], [6, 8], [4]])).toBe(
      "MultiHeadAttention's last input must be the keys' token ids [6] (one per key position) for the padding mask, but it is [4]",
    )
    expect(refusal('PositionEmbedding', { maxLength: 5 }, [[6, 4]])).toBe(
      'PositionEmbedding has positions for 5 steps (maxLength) but the sequence [6×4] has 6',
    )
  })
})

describe('attention weights for heat-maps', () => {
  it('MultiHeadAttention gives [N, heads, Tq, Tv] rows summing to 1, masked keys at 0', () => {
    const b = checked(
      'MultiHeadAttention',
      { heads: 2, causal: true, padId: 0 },
      [[5, 4], [5]],
      ['float32', 'int32'],
    )
    const layer = b.model.layers.find((l) => l.getClassName() === 'DeepwireMultiHeadAttention')!
    const { attentionWeights } = layer as unknown as { attentionWeights(xs: tf.Tensor[]): tf.Tensor }
    const x = tf.randomUniform([1, 5, 4], -1, 1, 'float32', 1)
    const ids = tf.tensor([[4, 0, 2, 2, 0]], [1, 5], 'int32')
    // the recipe of attention-tf.ts: a model giving the layer's inputs, then attentionWeights
    const inputsOf = tf.model({ inputs: b.model.inputs, outputs: layer.input as tf.SymbolicTensor[] })
    const feeds = [inputsOf.predict([x, ids])].flat() as tf.Tensor[]
    const w = attentionWeights.call(layer, feeds)
    expect(w.shape).toEqual([1, 2, 5, 5])
    const a = w.arraySync() as number[][][][]
    for (const head of a[0])
      head.forEach((row, i) => {
        expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5)
        row.forEach((v, j) => {
          if (j > i || j === 1 || j === 4) expect(v).toBe(0)
          else expect(v).toBeGreaterThan(0)
        })
      })
    tf.dispose([x, ids, w, ...feeds])
    b.model.dispose()
  })

  it('Attention gives [N, Tq, Tv] weights whose average of the values is its output', () => {
    const b = checked('Attention', { score: 'additive', units: 3, causal: true }, [
      [4, 3],
      [4, 2],
    ])
    const layer = b.model.layers.find((l) => l.getClassName() === 'DeepwireAttention')!
    const { attentionWeights } = layer as unknown as { attentionWeights(xs: tf.Tensor[]): tf.Tensor }
    const q = tf.randomUniform([2, 4, 3], -1, 1, 'float32', 1)
    const v = tf.randomUniform([2, 4, 2], -1, 1, 'float32', 2)
    const w = attentionWeights.call(layer, [q, v])
    expect(w.shape).toEqual([2, 4, 4])
    const a = w.arraySync() as number[][][]
    for (const rows of a) rows.forEach((row, i) => row.forEach((x, j) => expect(x === 0).toBe(j > i)))
    const y = b.model.predict([q, v]) as tf.Tensor
    expect(tf.max(tf.abs(tf.sub(y, tf.matMul(w, v)))).dataSync()[0]).toBeLessThan(1e-6)
    tf.dispose([q, v, w, y])
    b.model.dispose()
  })
})
