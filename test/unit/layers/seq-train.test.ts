/**
 * The sequence layers in real models on the wasm backend: an LSTM and a Transformer-style
 * attention model compiled by the engine learn a small task (the loss falls), and a model using
 * every custom sequence layer survives a checkpoint round trip and a tfjs model.json round trip.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { initBackend } from '../../../engine/backend/select'
import { compile } from '../../../engine/compile/compile'
import { exportTfjs, loadTfjsModel } from '../../../engine/export/tfjs'
import { analyze } from '../../../engine/graph/analyze'
import { parseGraph } from '../../../engine/graph/parse'
import type { GraphDoc } from '../../../engine/graph/schema'
import { decodeCheckpoint, encodeCheckpoint } from '../../../engine/train/checkpoint'
import { restoreState, snapshot } from '../../../engine/train/state'
import { doc } from '../../helpers/graph'

type Node = Parameters<typeof doc>[0][number]

function compiled(nodes: Node[], edges: [string, string][], seed = 3) {
  const parsed = parseGraph(doc(nodes, edges))
  if (!parsed.ok) throw new Error(parsed.errors[0].message)
  const analysis = analyze(parsed.doc)
  if (!analysis.ok) throw new Error(analysis.errors[0].message)
  return { doc: parsed.doc, ...compile(tf, analysis, { seed }) }
}

const chainEdges = (ids: string[]): [string, string][] => ids.slice(1).map((id, i) => [ids[i], id])

/** Trains with Adam on (x, y) and returns the loss of the first and the last epoch. */
async function fit(model: tf.LayersModel, x: tf.Tensor | tf.Tensor[], y: tf.Tensor, epochs: number) {
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' })
  const h = await model.fit(x, y, { epochs, batchSize: 32, shuffle: false, verbose: 0 })
  const loss = h.history.loss as number[]
  return { first: loss[0], last: loss.at(-1)! }
}

beforeAll(async () => {
  await initBackend(tf, 'wasm')
  expect(tf.getBackend()).toBe('wasm')
})

describe('training on wasm', () => {
  it('an LSTM learns the running mean of its input', async () => {
    const m = compiled(
      [
        { id: 'x', type: 'Input', params: { shape: [8, 2] } },
        { id: 'lstm', type: 'LSTM', params: { units: 12, returnSequences: false } },
        { id: 'head', type: 'Dense', params: { units: 1 } },
      ],
      chainEdges(['x', 'lstm', 'head']),
    )
    const x = tf.randomUniform([128, 8, 2], -1, 1, 'float32', 1)
    const y = tf.mean(tf.slice(x, [0, 0, 0], [-1, -1, 1]), [1, 2]).reshape([128, 1])
    const { first, last } = await fit(m.model, x, y, 25)
    console.log(`LSTM: loss ${first.toFixed(4)} → ${last.toFixed(4)}`)
    expect(last).toBeLessThan(first * 0.3)
    tf.dispose([x, y])
    m.model.dispose()
  }, 120_000)

  it('a multi-head self-attention model learns which position holds the largest value', async () => {
    const m = compiled(
      [
        { id: 'x', type: 'Input', params: { shape: [6, 4] } },
        { id: 'pos', type: 'PositionEmbedding', params: { maxLength: 6 } },
        { id: 'mha', type: 'MultiHeadAttention', params: { heads: 2, causal: true } },
        { id: 'add', type: 'Add' },
        { id: 'norm', type: 'LayerNorm' },
        { id: 'ffn', type: 'FeedForward', params: { hidden: 16 } },
        { id: 'pool', type: 'GlobalAvgPool' },
        { id: 'head', type: 'Dense', params: { units: 1 } },
      ],
      [
        ['x', 'pos'],
        ['pos', 'mha'],
        ['pos', 'add'],
        ['mha', 'add'],
        ...chainEdges(['add', 'norm', 'ffn', 'pool', 'head']),
      ],
    )
    const x = tf.randomUniform([128, 6, 4], -1, 1, 'float32', 2)
    const y = tf.max(tf.slice(x, [0, 0, 0], [-1, -1, 1]), [1, 2]).reshape([128, 1])
    const { first, last } = await fit(m.model, x, y, 25)
    console.log(`MultiHeadAttention: loss ${first.toFixed(4)} → ${last.toFixed(4)}`)
    expect(last).toBeLessThan(first * 0.5)
    tf.dispose([x, y])
    m.model.dispose()
  }, 120_000)
})

describe('reloading models with the custom sequence layers', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'deepwire-seq-reload-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  const nodes: Node[] = [
    { id: 'ids', type: 'Input', params: { shape: [6], dtype: 'int32' } },
    { id: 'state', type: 'Input', params: { shape: [5] } },
    { id: 'emb', type: 'Embedding', params: { inputDim: 10, outputDim: 6 } },
    { id: 'pe', type: 'PositionalEncoding' },
    { id: 'pos', type: 'PositionEmbedding', params: { maxLength: 8 } },
    { id: 'mha', type: 'MultiHeadAttention', params: { heads: 2, padId: 0 } },
    { id: 'att', type: 'Attention', params: { score: 'additive', units: 4 } },
    { id: 'ffn', type: 'FeedForward', params: { hidden: 7 } },
    { id: 'gru', type: 'GRU', params: { units: 5, bidirectional: 'sum' } },
    { id: 'lstm', type: 'LSTM', params: { units: 5, returnSequences: false } },
    { id: 'rnn', type: 'SimpleRNN', params: { units: 3, returnSequences: false } },
    { id: 'out', type: 'Concatenate' },
  ]
  const edges: [string, string][] = [
    ['ids', 'emb'],
    ['emb', 'pe'],
    ['pe', 'pos'],
    ['pos', 'mha'],
    ['ids', 'mha'],
    ['mha', 'att'],
    ['pos', 'att'],
    ['att', 'ffn'],
    ['ffn', 'gru'],
    ['state', 'gru'],
    ['gru', 'lstm'],
    ['gru', 'rnn'],
    ['lstm', 'out'],
    ['rnn', 'out'],
  ]
  const feeds = () => [
    tf.tensor(
      [
        [1, 4, 0, 2, 0, 9],
        [3, 3, 8, 0, 7, 1],
      ],
      [2, 6],
      'int32',
    ),
    tf.randomUniform([2, 5], -1, 1, 'float32', 4),
  ]

  async function trainedSnapshot(m: ReturnType<typeof compiled>, doc: GraphDoc) {
    const optimizer = tf.train.adam(0.05)
    m.model.compile({ optimizer, loss: 'meanSquaredError' })
    const xs = feeds()
    const y = tf.ones([2, 8])
    await m.model.fit(xs, y, { epochs: 2, verbose: 0 })
    const c = await snapshot(m.model, optimizer, {
      graph: doc,
      training: doc.training,
      epoch: 2,
      history: [],
      backend: 'wasm',
    })
    tf.dispose([...xs, y])
    return c
  }

  it('restores a checkpoint into a freshly compiled model: same outputs', async () => {
    const a = compiled(nodes, edges, 1)
    const c = decodeCheckpoint(encodeCheckpoint(await trainedSnapshot(a, a.doc)))
    const b = compiled(nodes, edges, 2)
    const xs = feeds()
    const before = b.model.predict(xs) as tf.Tensor
    await restoreState(tf, b.model, null, c)
    const ya = a.model.predict(xs) as tf.Tensor
    const yb = b.model.predict(xs) as tf.Tensor
    // a different seed starts elsewhere, so equality after restoring means the weights moved
    expect(tf.max(tf.abs(tf.sub(before, ya))).dataSync()[0]).toBeGreaterThan(1e-3)
    expect(Array.from(yb.dataSync())).toEqual(Array.from(ya.dataSync()))
    tf.dispose([...xs, before, ya, yb])
    a.model.dispose()
    b.model.dispose()
  }, 60_000)

  it('saves as model.json and loads back through registerCustomLayers', async () => {
    const a = compiled(nodes, edges, 1)
    await trainedSnapshot(a, a.doc)
    const parsed = parseGraph(doc(nodes, edges))
    if (!parsed.ok) throw new Error('graph')
    await exportTfjs(parsed.doc, null, dir, { tf, model: { ...a, analysis: analyze(parsed.doc) } })
    const loaded = await loadTfjsModel(tf, dir)
    const classes = loaded.layers.map((l) => l.getClassName())
    for (const name of [
      'Recurrent',
      'Attention',
      'MultiHeadAttention',
      'PositionalEncoding',
      'PositionEmbedding',
      'FeedForward',
    ])
      expect(classes).toContain(`Deepwire${name}`)
    const xs = feeds()
    const ya = a.model.predict(xs) as tf.Tensor
    const yb = loaded.predict(xs) as tf.Tensor
    expect(Array.from(yb.dataSync())).toEqual(Array.from(ya.dataSync()))
    tf.dispose([...xs, ya, yb])
    a.model.dispose()
    loaded.dispose()
  }, 60_000)
})
