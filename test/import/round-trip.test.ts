/**
 * Export → import round trip: presets (and small graphs covering the layers no preset uses)
 * exported to ONNX by the engine's own exporter import back with the same trainable-parameter
 * count and, through the checkpoint the importer writes, the same outputs on a random batch.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { exportOnnx } from '../../engine/export/onnx/export'
import { importOnnx } from '../../engine/import/onnx/import'
import { importedCheckpoint } from '../../engine/import/onnx/weights'
import { restoreState } from '../../engine/train/state'
import { build, randomizeWeights, tf, useWasm, type Built } from '../export/helpers'
import { random } from '../unit/backend/helpers'

beforeAll(useWasm)

/** Every output of `b` on one seeded random batch. */
function outputs(b: Built, batch: number): Float32Array[] {
  const xs = b.analysis.inputs.map((id, i) => {
    const node = b.analysis.order.find((n) => n.id === id)!
    const shape = [batch, ...node.outputShape]
    const values = random(shape, 7 + i).values
    // token ids: whole numbers below the smallest vocabulary used here
    if (node.params.dtype === 'int32')
      return tf.tensor(
        values.map((v) => Math.round(Math.abs(v) * 1000) % 20),
        shape,
        'int32',
      )
    return tf.tensor(values, shape)
  })
  const ys = b.compiled.model.predict(xs.length === 1 ? xs[0] : xs)
  const out = (Array.isArray(ys) ? ys : [ys]).map((y) => y.dataSync() as Float32Array)
  tf.dispose([xs, ys])
  return out
}

export async function roundTrip(raw: unknown, batch = 2): Promise<{ before: Built; after: Built }> {
  const before = build(raw)
  randomizeWeights(before.compiled, 5)
  const bytes = exportOnnx(before.doc, before.compiled)
  const imported = importOnnx(bytes, { name: 'model', modelDir: null })
  const { doc, checkpoint } = importedCheckpoint(tf, imported)
  const after = build(doc)
  await restoreState(tf, after.compiled.model, null, checkpoint)
  expect(after.analysis.totals.trainableParams).toBe(before.analysis.totals.trainableParams)
  const [a, b] = [outputs(before, batch), outputs(after, batch)]
  expect(b.length).toBe(a.length)
  a.forEach((ya, i) => {
    const scale = ya.reduce((m, v) => Math.max(m, Math.abs(v)), 0)
    const diff = ya.reduce((m, v, j) => Math.max(m, Math.abs(v - b[i][j])), 0)
    expect(diff, `output ${i}: max |Δ| against scale ${scale}`).toBeLessThanOrEqual(1e-5 * scale + 1e-7)
  })
  return { before, after }
}

const preset = (name: string) =>
  JSON.parse(readFileSync(path.join('presets', `${name}.json`), 'utf8')) as unknown

const graph = (nodes: object[], edges: [string, string][]) => ({
  format: 'deepwire-graph',
  version: 2,
  nodes,
  edges: edges.map(([source, target]) => ({ source, target })),
})

describe('ONNX round trip through the engine exporter', () => {
  it.each(['mlp', 'lenet', 'resnet18', 'googlenet', 'densenet', 'unetpp'])(
    '%s imports back identical',
    async (name) => {
      const { before, after } = await roundTrip(preset(name))
      // the blocks come back as blocks, every layer under the id it had (an activation fused into
      // a Dense or Conv2D comes back beside it, as 'fc_2')
      const ids = after.analysis.order.map((n) => n.id)
      expect(ids).toEqual(expect.arrayContaining(before.analysis.order.map((n) => n.id)))
      before.compiled.model.dispose()
      after.compiled.model.dispose()
    },
  )

  it('a depthwise CNN with LeakyReLU, max pooling and a dense BatchNorm imports back identical', async () => {
    const { after } = await roundTrip(
      graph(
        [
          { id: 'in', type: 'Input', params: { shape: [12, 12, 3] } },
          {
            id: 'dw',
            type: 'DepthwiseConv2D',
            params: { kernelSize: 3, padding: 'same', depthMultiplier: 2 },
          },
          { id: 'act', type: 'LeakyReLU', params: { alpha: 0.2 } },
          { id: 'conv', type: 'Conv2D', params: { filters: 4, kernelSize: 3, strides: 2, padding: 1 } },
          { id: 'pool', type: 'MaxPool2D', params: { poolSize: 3, strides: 2, padding: 'same' } },
          { id: 'flat', type: 'Flatten' },
          { id: 'bn', type: 'BatchNorm' },
          { id: 'fc', type: 'Dense', params: { units: 5 } },
          { id: 'sm', type: 'Softmax' },
        ],
        [
          ['in', 'dw'],
          ['dw', 'act'],
          ['act', 'conv'],
          ['conv', 'pool'],
          ['pool', 'flat'],
          ['flat', 'bn'],
          ['bn', 'fc'],
          ['fc', 'sm'],
        ],
      ),
    )
    const types = after.doc.nodes.map((n) => n.type)
    expect(types).toContain('DepthwiseConv2D')
    expect(types).toContain('BatchNorm')
  })

  it.each([
    [
      [5, 6],
      [
        { id: 'ln', type: 'LayerNorm' },
        { id: 'pr', type: 'PReLU', params: { perChannel: true } },
      ],
    ],
    [
      [6, 6, 3],
      [
        { id: 'pr', type: 'PReLU', params: { perChannel: true } },
        { id: 'gap', type: 'GlobalAvgPool' },
      ],
    ],
    [
      [7],
      [
        { id: 'ln', type: 'LayerNorm' },
        { id: 'pr', type: 'PReLU' },
      ],
    ],
  ])('LayerNorm and PReLU on an input of shape %j import back identical', async (shape, layers) => {
    const nodes = [
      { id: 'in', type: 'Input', params: { shape } },
      ...layers,
      { id: 'fc', type: 'Dense', params: { units: 3 } },
    ]
    const edges = nodes.slice(1).map((n, i): [string, string] => [nodes[i].id, n.id])
    const { after } = await roundTrip(graph(nodes, edges))
    expect(after.doc.nodes.map((n) => n.type)).toEqual(expect.arrayContaining(layers.map((l) => l.type)))
  })

  it('token embeddings pooled over the sequence, and a bilinear upsampling, import back identical', async () => {
    const { after } = await roundTrip(
      graph(
        [
          { id: 'ids', type: 'Input', params: { shape: [6], dtype: 'int32' } },
          { id: 'embed', type: 'Embedding', params: { inputDim: 20, outputDim: 8 } },
          { id: 'mean', type: 'GlobalAvgPool' },
          { id: 'fc', type: 'Dense', params: { units: 12, activation: 'relu' } },
          { id: 'grid', type: 'Reshape', params: { targetShape: [2, 2, 3] } },
          { id: 'up', type: 'UpSampling2D', params: { size: 2, interpolation: 'bilinear' } },
          { id: 'relu6', type: 'ReLU6' },
        ],
        [
          ['ids', 'embed'],
          ['embed', 'mean'],
          ['mean', 'fc'],
          ['fc', 'grid'],
          ['grid', 'up'],
          ['up', 'relu6'],
        ],
      ),
    )
    expect(after.doc.nodes.map((n) => n.type)).toEqual(
      expect.arrayContaining(['Embedding', 'GlobalAvgPool', 'UpSampling2D', 'ReLU6']),
    )
  })
})
