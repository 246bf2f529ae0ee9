/**
 * tfjs round trip for every preset: exportTfjs writes model.json + weights.bin, loadTfjsModel
 * reads them back (custom layers registered), and the reloaded model predicts exactly what the
 * original did. Weights carry random biases and BatchNorm statistics so every tensor matters.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { initBackend } from '../../engine/backend/select'
import { buildExportModel, randomizeWeights, sampleInputs } from '../../engine/export/common'
import { exportTfjs, loadTfjsModel } from '../../engine/export/tfjs'
import { parseGraph } from '../../engine/graph/parse'
import type { GraphDocInput } from '../../engine/graph/schema'
import type { Checkpoint } from '../../engine/train/checkpoint'
import { trainInProcess } from '../helpers/train'

const presets = readdirSync('presets')
  .filter((f) => f.endsWith('.json'))
  .sort()
/** Deepwire's own tfjs layers (ConstantPad for Conv1D and MaxPool2D pads, ScaledELU), which no preset uses all of. */
const CUSTOM: GraphDocInput = {
  format: 'deepwire-graph',
  version: 2,
  name: 'custom layers',
  nodes: [
    { id: 'in', type: 'Input', params: { shape: [10, 4] } },
    { id: 'conv', type: 'Conv1D', params: { filters: 3, kernelSize: 3, padding: 2 } },
    { id: 'elu', type: 'ELU', params: { alpha: 0.5 } },
    { id: 'grid', type: 'Reshape', params: { targetShape: [6, 6, 1] } },
    { id: 'pool', type: 'MaxPool2D', params: { poolSize: 3, strides: 1, padding: 1 } },
  ],
  edges: [
    { source: 'in', target: 'conv' },
    { source: 'conv', target: 'elu' },
    { source: 'elu', target: 'grid' },
    { source: 'grid', target: 'pool' },
  ],
}
const cases = [...presets, 'custom-layers']
const root = mkdtempSync(path.join(tmpdir(), 'deepwire-tfjs-'))

const predict = (model: tf.LayersModel, xs: tf.Tensor[]) =>
  [model.predict(xs.length === 1 ? xs[0] : xs)].flat() as tf.Tensor[]

describe('tfjs export reloads with identical predictions', () => {
  beforeAll(async () => {
    await initBackend(tf, 'wasm')
  })
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  it.each(cases)('%s', async (file) => {
    const graph =
      file === 'custom-layers' ? CUSTOM : JSON.parse(readFileSync(path.join('presets', file), 'utf8'))
    const parsed = parseGraph(graph)
    if (!parsed.ok) throw new Error(parsed.errors[0].message)
    const dir = path.join(root, file.replace(/\.json$/, ''))
    const m = await buildExportModel(tf, parsed.doc, null)
    randomizeWeights(tf, m.model, 7)
    const { files } = await exportTfjs(parsed.doc, null, dir, { tf, model: m })
    expect(files.map((f) => path.basename(f))).toEqual(['model.json', 'weights.bin'])
    const loaded = await loadTfjsModel(tf, dir)
    const xs = sampleInputs(m.analysis, 11).map((i) => tf.tensor(i.data, i.shape, i.dtype))
    const want = predict(m.model, xs)
    const got = predict(loaded, xs)
    expect(got.map((t) => t.shape)).toEqual(want.map((t) => t.shape))
    // identical but for float rounding: the engine's LayerNorm broadcasts γ and β where the stock
    // tfjs class that loads the file tiles them (engine/layers/layer-norm-tf.ts)
    got.forEach((g, i) => expect(relDiff(g.dataSync(), want[i].dataSync())).toBeLessThan(1e-5))
    expect(loaded.weights.length).toBe(m.model.weights.length)
    tf.dispose([...xs, ...want, ...got])
    m.model.dispose()
    loaded.dispose()
  })
  it("exports a checkpoint's weights (xor after training)", async () => {
    const xor = JSON.parse(readFileSync('presets/xor.json', 'utf8'))
    let checkpoint: Checkpoint | undefined
    const run = await trainInProcess(xor, { epochs: 3 }, { keep: (c) => (checkpoint = c) })
    const parsed = parseGraph(xor)
    if (!parsed.ok) throw new Error(parsed.errors[0].message)
    const dir = path.join(root, 'trained')
    await exportTfjs(parsed.doc, checkpoint!, dir, { tf })
    const loaded = await loadTfjsModel(tf, dir)
    const x = tf.tensor2d([0, 0, 1, 0, 0, 1, 1, 1, 0.3, 0.7], [5, 2])
    const [got, want] = [loaded, run.model].map((m) => m.predict(x) as tf.Tensor)
    expect(Array.from(got.dataSync())).toEqual(Array.from(want.dataSync()))
    tf.dispose([x, got, want])
  })
})

/** max |a − b| / max(1, max |b|) */
function relDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length)
  let diff = 0
  let scale = 1
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]))
    scale = Math.max(scale, Math.abs(b[i]))
  }
  return diff / scale
}
