/**
 * Training the sequence layers on the wasm backend: the gradient of every weight and float input
 * of each layer, computed on wasm (tfjs' kernels plus Deepwire's in engine/backend), must match
 * the cpu backend's. A missing wasm kernel fails here with tfjs' "kernel not found" error.
 */
import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { initBackend } from '../../../engine/backend/select'
import { relError } from '../backend/helpers'
import { build } from './build'

type Dtype = 'float32' | 'int32'

const CASES: [string, Record<string, unknown>, number[][], Dtype[]?][] = [
  ['SimpleRNN', { units: 3, bidirectional: 'concat' }, [[5, 4], [3]]],
  ['GRU', { units: 4, bidirectional: 'sum' }, [[5, 3], [4]]],
  ['GRU', { units: 4, returnSequences: false }, [[6, 3]]],
  ['LSTM', { units: 3, bidirectional: 'concat', returnSequences: false }, [[5, 4], [3], [3]]],
  ['LSTM', { units: 4 }, [[6, 2]]],
  [
    'Attention',
    { score: 'scaled-dot', causal: true },
    [
      [5, 4],
      [6, 4],
    ],
  ],
  [
    'Attention',
    { score: 'additive', units: 3 },
    [
      [5, 4],
      [6, 2],
      [6, 3],
    ],
  ],
  ['MultiHeadAttention', { heads: 2, causal: true }, [[5, 4]]],
  [
    'MultiHeadAttention',
    { heads: 2, keyDim: 3, padId: 0 },
    [[5, 4], [6, 3], [6]],
    ['float32', 'float32', 'int32'],
  ],
  ['PositionalEncoding', { scaleInput: true }, [[5, 4]]],
  ['PositionEmbedding', { maxLength: 8 }, [[5, 4]]],
  ['FeedForward', { hidden: 6, activation: 'gelu' }, [[5, 4]]],
  ['Embedding', { inputDim: 9, outputDim: 4 }, [[5]], ['int32']],
  ['LayerNorm', {}, [[5, 4]]],
]

/** Gradients of Σ output·dy w.r.t. every trainable weight and float input, on one backend. */
async function gradients(backend: 'cpu' | 'wasm', model: tf.LayersModel, feeds: tf.Tensor[], dy: tf.Tensor) {
  await tf.setBackend(backend)
  const inputs = feeds.map((t) => (t.dtype === 'float32' ? tf.variable(t.clone()) : t))
  const vars = [
    ...model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val),
    ...inputs.filter((t): t is tf.Variable => t instanceof tf.Variable),
  ]
  const { grads } = tf.variableGrads(() => {
    const y = model.apply(inputs, { training: false }) as tf.Tensor
    return tf.sum(tf.mul(y, dy)) as tf.Scalar
  }, vars)
  const out = vars.map((v) => Array.from(grads[v.name].dataSync()))
  tf.dispose([...Object.values(grads), ...inputs.filter((t) => t instanceof tf.Variable)])
  return out
}

describe('sequence layers train on wasm', () => {
  beforeAll(async () => {
    await initBackend(tf, 'wasm')
  })

  it.each(CASES)('%s %j: wasm gradients match cpu', async (kind, params, shapes, dtypes) => {
    const b = build(kind, params, shapes, dtypes ?? 'float32')
    const feeds = shapes.map((s, i) =>
      (dtypes?.[i] ?? 'float32') === 'int32'
        ? tf.tensor(
            Array.from({ length: 2 * s[0] }, (_, j) => (j * 7) % 5),
            [2, ...s],
            'int32',
          )
        : tf.randomUniform([2, ...s], -1, 1, 'float32', 5 + i),
    )
    const dy = tf.randomUniform([2, ...(b.shape as number[])], -1, 1, 'float32', 99)
    const wasm = await gradients('wasm', b.model, feeds, dy)
    const cpu = await gradients('cpu', b.model, feeds, dy)
    await tf.setBackend('wasm')
    expect(wasm.length).toBe(cpu.length)
    expect(cpu.length).toBeGreaterThan(0)
    const names = b.model.trainableWeights.map((w) => w.originalName)
    cpu.forEach((g, i) => {
      const label = `gradient of ${names[i] ?? `input ${i - names.length}`}`
      // the key bias adds q·b to every score of a query alike, which softmax cancels: its true
      // gradient is 0, so both backends only have to agree that it is (float noise aside)
      if (names[i]?.endsWith('/key_bias')) {
        for (const v of [...g, ...wasm[i]]) expect(Math.abs(v), label).toBeLessThan(1e-5)
        return
      }
      expect(
        g.some((v) => v !== 0),
        `${label} is not all zero`,
      ).toBe(true)
      expect(relError(wasm[i], g), label).toBeLessThan(1e-4)
    })
    tf.dispose([...feeds, dy])
    b.model.dispose()
  })
})
