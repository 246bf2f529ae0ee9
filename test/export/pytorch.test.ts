/**
 * PyTorch parity for every preset (and a few graphs reaching what the presets do not): the
 * exported model.py, loaded with its weights.npz, gives the engine's model.predict outputs on the
 * same inputs. Weights are the seeded initial ones with random biases, BatchNorm statistics and
 * PReLU slopes, so a mis-mapped tensor cannot hide behind a zero or a one; one case exports a
 * trained checkpoint instead. One Python process checks them all (importing torch is the slow part).
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { initBackend } from '../../engine/backend/select'
import type { GraphDocInput } from '../../engine/graph/schema'
import type { Checkpoint } from '../../engine/train/checkpoint'
import { trainInProcess } from '../helpers/train'
import { checkPackages, exportWithOutputs } from './pytorch-parity'

// float32 sums in a different order: relative to the output's magnitude (at least 1)
const TOLERANCE = 1e-4

const presets = readdirSync('presets')
  .filter((f) => f.endsWith('.json'))
  .sort()
const root = mkdtempSync(path.join(tmpdir(), 'deepwire-pytorch-'))
const results = new Map<string, { maxDiff?: number; peak?: number; error?: string }>()

/** Input → one node per layer in a chain, ids from the layer type ('conv2d1', …). */
const chain = (name: string, input: Record<string, unknown>, layers: Layer[]): GraphDocInput => {
  const nodes: GraphDocInput['nodes'] = [
    { id: 'in', type: 'Input', params: input },
    ...layers.map(([type, params], i) => ({ id: `${type.toLowerCase()}${i + 1}`, type, params })),
  ]
  return {
    format: 'deepwire-graph',
    version: 2,
    name,
    nodes,
    edges: nodes.slice(1).map((n, i) => ({ source: nodes[i].id, target: n.id })),
  }
}
type Layer = [string, Record<string, unknown>?]

/**
 * Layers and wiring the presets do not reach: TF 'same' padding that is uneven, transposed
 * convolutions that PyTorch's padding cannot express, bilinear upsampling, sequences, token ids,
 * blocks with two ports, repeated blocks, several inputs and outputs.
 */
const ZOO: Record<string, GraphDocInput> = {
  'zoo-conv': chain('zoo-conv', { shape: [10, 11, 3] }, [
    ['Conv2D', { filters: 4, strides: 2, padding: 'same', activation: 'selu' }],
    ['DepthwiseConv2D', { padding: 'same', depthMultiplier: 2, activation: 'swish' }],
    ['SeparableConv2D', { filters: 5, padding: 1, activation: 'relu', dilation: 2 }],
    ['Conv2DTranspose', { filters: 3, kernelSize: 3, strides: 2, padding: 'same', activation: 'tanh' }],
    ['Conv2DTranspose', { filters: 2, kernelSize: 2, strides: 3 }],
    ['Conv2DTranspose', { filters: 3, kernelSize: 4, strides: 2, padding: 1 }],
    ['Conv2DTranspose', { filters: 3, kernelSize: 3, strides: 2, padding: 1, outputPadding: 1 }],
    ['BatchNorm', { eps: 0.001, momentum: 0.01 }],
    ['PReLU', { perChannel: true }],
    ['MaxPool2D', { poolSize: 3, strides: 2, padding: 'same' }],
    ['AvgPool2D', { poolSize: 3, strides: 2, padding: 'same' }],
    ['UpSampling2D', { size: [2, 3] }],
    ['AvgPool2D', { poolSize: 2, padding: 1 }],
    ['MaxPool2D', { poolSize: 3, strides: 1, padding: 1 }],
    ['UpSampling2D', { size: 2, interpolation: 'bilinear' }],
    ['LayerNorm', { affine: false }],
    ['ELU', { alpha: 0.5 }],
    ['LeakyReLU', { alpha: 0.2 }],
    ['Softmax'],
    ['Dense', { units: 4, activation: 'gelu' }],
    ['Conv2D', { filters: 3, kernelSize: [3, 2], dilation: [2, 1], padding: 'same', useBias: false }],
    ['GlobalMaxPool'],
  ]),
  'zoo-seq': chain('zoo-seq', { shape: [12], dtype: 'int32' }, [
    ['Embedding', { inputDim: 20, outputDim: 8 }],
    ['Conv1D', { filters: 6, kernelSize: 4, padding: 'same', activation: 'elu' }],
    ['Conv1D', { filters: 6, kernelSize: 3, strides: 2, padding: 1 }],
    ['BatchNorm'],
    ['PReLU', { perChannel: true }],
    ['LayerNorm'],
    ['Dense', { units: 5, activation: 'softmax' }],
    ['Permute', { dims: [2, 1] }],
    ['GlobalAvgPool'],
    ['Dropout', { rate: 0.3 }],
    ['Reshape', { targetShape: [6, 1, 1] }],
    ['Conv2D', { filters: 2, kernelSize: 1 }],
    ['Flatten'],
    ['BatchNorm', { affine: false }],
    ['PReLU'],
    ['Identity'],
  ]),
  'zoo-blocks': {
    format: 'deepwire-graph',
    version: 2,
    name: 'zoo-blocks',
    blocks: {
      mix: {
        inputs: ['a', 'b'],
        outputs: ['sum', 'prod'],
        params: { units: 4 },
        nodes: [
          { id: 'da', type: 'Dense', params: { units: '$units' } },
          { id: 'db', type: 'Dense', params: { units: '$units', activation: 'sigmoid' } },
          { id: 'add', type: 'Add' },
          { id: 'mul', type: 'Multiply' },
        ],
        edges: [
          { source: '@a', target: 'da' },
          { source: '@b', target: 'db' },
          { source: 'da', target: 'add' },
          { source: 'db', target: 'add' },
          { source: 'da', target: 'mul' },
          { source: 'db', target: 'mul' },
          { source: 'add', target: '@sum' },
          { source: 'mul', target: '@prod' },
        ],
      },
      lin: {
        inputs: ['in'],
        outputs: ['out'],
        params: {},
        nodes: [{ id: 'fc', type: 'Dense', params: { units: 5, activation: 'relu' } }],
        edges: [
          { source: '@in', target: 'fc' },
          { source: 'fc', target: '@out' },
        ],
      },
    },
    nodes: [
      { id: 'left', type: 'Input', params: { shape: [6] } },
      { id: 'right', type: 'Input', params: { shape: [6] } },
      { id: 'm1', type: 'Block', block: 'mix' },
      { id: 'm2', type: 'Block', block: 'mix', params: { units: 3 } },
      { id: 'avg', type: 'Average' },
      { id: 'cat', type: 'Concatenate' },
      { id: 'head', type: 'Dense', params: { units: 2 } },
      { id: 'deep', type: 'Block', block: 'lin', repeat: 3 },
      { id: 'out1', type: 'Output' },
      { id: 'out2', type: 'Output' },
    ],
    edges: [
      { source: 'left', target: 'm1', targetPort: 'a' },
      { source: 'right', target: 'm1', targetPort: 'b' },
      { source: 'm1', sourcePort: 'sum', target: 'm2', targetPort: 'b' },
      { source: 'm1', sourcePort: 'prod', target: 'm2', targetPort: 'a' },
      { source: 'm2', sourcePort: 'sum', target: 'avg' },
      { source: 'm2', sourcePort: 'prod', target: 'avg' },
      { source: 'avg', target: 'cat' },
      { source: 'm1', sourcePort: 'sum', target: 'cat' },
      { source: 'cat', target: 'head' },
      { source: 'head', target: 'deep' },
      { source: 'deep', target: 'out1' },
      { source: 'avg', target: 'out2' },
    ],
  },
}

const TRAINED = 'xor.json after training (checkpoint)'
const cases = [...presets, ...Object.keys(ZOO), TRAINED]

describe('PyTorch export matches the engine', () => {
  beforeAll(async () => {
    await initBackend(tf, 'wasm')
    const dirs = new Map<string, string>()
    for (const [i, name] of cases.entries()) {
      const dir = path.join(root, `case${i}`)
      try {
        if (name === TRAINED) {
          const xor = JSON.parse(readFileSync('presets/xor.json', 'utf8'))
          let checkpoint: Checkpoint | undefined
          const run = await trainInProcess(xor, { epochs: 3 }, { keep: (c) => (checkpoint = c) })
          await exportWithOutputs(xor, dir, { checkpoint: checkpoint!, model: run.model })
        } else {
          const graph = ZOO[name] ?? JSON.parse(readFileSync(path.join('presets', name), 'utf8'))
          await exportWithOutputs(graph, dir)
        }
        dirs.set(dir, name)
      } catch (e) {
        results.set(name, { error: e instanceof Error ? e.message : String(e) })
      }
    }
    if (!dirs.size) return
    for (const r of await checkPackages([...dirs.keys()])) results.set(dirs.get(r.dir)!, r)
  }, 240_000)

  afterAll(() => rmSync(root, { recursive: true, force: true }))

  it.each(cases)('%s', (file) => {
    const r = results.get(file)
    if (!r) throw new Error(`no result for ${file}`)
    if (r.error) throw new Error(r.error)
    const peak = r.peak!.toPrecision(3)
    console.log(`${file}: max |PyTorch − engine| = ${r.maxDiff!.toExponential(2)}, outputs up to ${peak}`)
    // an all-zero output would pass any comparison
    expect(r.peak).toBeGreaterThan(0)
    expect(r.maxDiff! / Math.max(1, r.peak!)).toBeLessThan(TOLERANCE)
  })
})
