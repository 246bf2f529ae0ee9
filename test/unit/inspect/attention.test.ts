/**
 * Attention heat-maps: the weights the inspection returns for an Attention layer equal
 * softmax(E Eᵀ / √d) computed here from the embedding table, and a causal multi-head layer
 * gives one row-stochastic, lower-triangular matrix per head.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { initBackend } from '../../../engine/backend/select'
import { executeInspect } from '../../../engine/node/inspect'
import type { ActivationsResult } from '../../../engine/protocol'
import { doc } from '../../helpers/graph'
import { tf } from '../../helpers/train'
import { checkpointWith } from './checkpoint'

const T = 12 // the copy task's sequence length with 5 digits
const V = 14 // its vocabulary
const D = 4

beforeAll(async () => {
  await initBackend(tf, 'wasm')
})

const wave = (n: number, k: number) => Array.from({ length: n }, (_, i) => Math.sin(i * k) * 0.8)

const inspect = async (checkpoint: string) =>
  (await executeInspect(tf, { what: 'activations', checkpoint, sampleIndex: 3 })) as ActivationsResult

describe('attention weights', () => {
  it('Attention (scaled dot) equals the hand-computed softmax of the embeddings', async () => {
    const g = doc(
      [
        { id: 'in', type: 'Input', params: { shape: [T], dtype: 'int32' } },
        { id: 'emb', type: 'Embedding', params: { inputDim: V, outputDim: D } },
        { id: 'att', type: 'Attention', params: { score: 'scaled-dot' } },
        { id: 'out', type: 'Dense', params: { units: V } },
      ],
      [
        ['in', 'emb'],
        ['emb', 'att'],
        ['emb', 'att'],
        ['att', 'out'],
      ],
      { training: { dataset: { name: 'copy', samples: 50 } } },
    )
    const table = wave(V * D, 1.3)
    const file = checkpointWith(g, [
      { shape: [V, D], values: table },
      { shape: [D, V], values: wave(D * V, 0.7) },
      { shape: [V], values: new Array(V).fill(0) },
    ])
    const r = await inspect(file)
    const att = r.layers.find((l) => l.node === 'att')!.attention!
    if (!('heads' in att)) throw new Error(att.unavailable)
    expect(att.heads).toHaveLength(1)
    const tokens = r.sample.x
    const e = tokens.map((t) => table.slice(t * D, (t + 1) * D))
    for (let i = 0; i < T; i++) {
      const s = e.map((k) => e[i].reduce((a, v, j) => a + v * k[j], 0) / Math.sqrt(D))
      const m = Math.max(...s)
      const z = s.reduce((a, v) => a + Math.exp(v - m), 0)
      att.heads[0][i].forEach((w, j) => expect(w).toBeCloseTo(Math.exp(s[j] - m) / z, 5))
    }
  })

  it('a causal MultiHeadAttention gives one lower-triangular distribution per head and query', async () => {
    const g = doc(
      [
        { id: 'in', type: 'Input', params: { shape: [T], dtype: 'int32' } },
        { id: 'emb', type: 'Embedding', params: { inputDim: V, outputDim: D } },
        { id: 'mha', type: 'MultiHeadAttention', params: { heads: 2, causal: true } },
        { id: 'out', type: 'Dense', params: { units: V } },
      ],
      [
        ['in', 'emb'],
        ['emb', 'mha'],
        ['mha', 'out'],
      ],
      { training: { dataset: { name: 'copy', samples: 50 } } },
    )
    const k = D // heads × keyDim = 2 × 2
    const file = checkpointWith(g, [
      { shape: [V, D], values: wave(V * D, 1.3) },
      ...['query', 'key', 'value', 'output'].flatMap((_, i) => [
        { shape: [D, k], values: wave(D * k, 0.9 + i) },
        { shape: [k], values: wave(k, 2 + i) },
      ]),
      { shape: [D, V], values: wave(D * V, 0.7) },
      { shape: [V], values: new Array(V).fill(0) },
    ])
    const r = await inspect(file)
    const att = r.layers.find((l) => l.node === 'mha')!.attention!
    if (!('heads' in att)) throw new Error(att.unavailable)
    expect(att.heads).toHaveLength(2)
    for (const head of att.heads) {
      expect(head).toHaveLength(T)
      head.forEach((row, i) => {
        expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5)
        row.forEach((w, j) => (j > i ? expect(w).toBe(0) : expect(w).toBeGreaterThan(0)))
      })
    }
    // two heads with different projections attend differently
    expect(att.heads[0][T - 1]).not.toEqual(att.heads[1][T - 1])
  })
})
