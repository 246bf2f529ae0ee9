/**
 * Table-driven checks over every registry entry: a new layer type without cases here fails the
 * coverage test. For every case the registry's shape and parameter arithmetic must match what
 * tfjs builds, and a forward pass must produce that shape.
 */
import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { getLayer, layerKinds, type Shape } from '../../../engine/layers'
import { resolveParams } from '../../../engine/layers/resolve'
import { checked } from './build'
import { SEQ_REGISTRY_CASES } from './seq-cases'

interface Case {
  inputs: Shape[]
  params?: Record<string, unknown>
  dtype?: 'int32' | ('float32' | 'int32')[]
}

const vec = [[12]]
const img = [[6, 6, 3]]
const seq = [[7, 4]]

const CASES: Record<string, Case[]> = {
  Input: [{ inputs: [] }, { inputs: [], params: { shape: [4, 4, 3] } }],
  Output: [{ inputs: vec }],
  Dense: [{ inputs: vec }, { inputs: seq, params: { units: 3, useBias: false, activation: 'softmax' } }],

  Flatten: [{ inputs: img }, { inputs: vec }],
  Reshape: [
    { inputs: img },
    { inputs: [[48]], params: { targetShape: [4, -1, 3] } },
    { inputs: vec, params: { targetShape: [3, 4] } },
  ],
  Permute: [{ inputs: seq }, { inputs: img, params: { dims: [3, 1, 2] } }],
  Dropout: [{ inputs: vec }, { inputs: img, params: { rate: 0.2 } }],
  Identity: [{ inputs: img }],
  Embedding: [
    { inputs: [[7]], dtype: 'int32' },
    { inputs: [[5]], dtype: 'int32', params: { inputDim: 50, outputDim: 8 } },
  ],

  Conv1D: [
    { inputs: [[20, 3]] },
    { inputs: [[20, 3]], params: { filters: 4, kernelSize: 5, strides: 2, padding: 2 } },
    { inputs: [[19, 3]], params: { filters: 2, strides: 3, padding: 'same' } },
    { inputs: [[20, 3]], params: { dilation: 2, padding: 'same', useBias: false } },
  ],
  Conv2D: [
    { inputs: [[12, 12, 3]] },
    { inputs: [[13, 13, 2]], params: { filters: 4, kernelSize: 5, strides: 2, padding: 2 } },
    { inputs: [[7, 7, 1]], params: { filters: 2, strides: 2, padding: 'same' } },
    { inputs: [[9, 8, 2]], params: { filters: 3, kernelSize: [3, 1], dilation: [2, 1], useBias: false } },
    { inputs: [[9, 9, 2]], params: { filters: 3, kernelSize: 2, strides: [2, 3], activation: 'relu' } },
  ],
  Conv2DTranspose: [
    { inputs: [[5, 5, 4]] },
    { inputs: [[5, 5, 4]], params: { filters: 2, kernelSize: 4, strides: 2, padding: 1 } },
    { inputs: [[4, 3, 2]], params: { filters: 2, kernelSize: 2, strides: 3, padding: 0 } },
    { inputs: [[4, 3, 2]], params: { filters: 2, kernelSize: [1, 3], strides: 3, padding: 1 } },
    { inputs: [[4, 3, 2]], params: { filters: 2, kernelSize: 2, strides: 3, padding: 'valid' } },
    { inputs: [[5, 5, 2]], params: { filters: 2, strides: 2, padding: 'same', useBias: false } },
  ],
  DepthwiseConv2D: [
    { inputs: [[8, 8, 4]] },
    { inputs: [[9, 9, 4]], params: { depthMultiplier: 2, strides: 2, padding: 'same' } },
    { inputs: [[8, 8, 4]], params: { kernelSize: 5, padding: 2, useBias: false } },
  ],
  SeparableConv2D: [
    { inputs: [[8, 8, 4]] },
    { inputs: [[8, 8, 4]], params: { filters: 6, padding: 1, dilation: 2 } },
    {
      inputs: [[9, 9, 3]],
      params: { filters: 5, strides: 2, depthMultiplier: 2, padding: 'same', useBias: false },
    },
  ],

  MaxPool2D: [
    { inputs: [[8, 8, 3]] },
    { inputs: [[9, 9, 2]], params: { poolSize: 3, strides: 2, padding: 1 } },
    { inputs: [[7, 7, 1]], params: { padding: 'same' } },
    { inputs: [[7, 8, 1]], params: { poolSize: [3, 2], strides: [1, 0] } },
  ],
  AvgPool2D: [
    { inputs: [[8, 8, 3]] },
    { inputs: [[9, 9, 2]], params: { poolSize: 3, strides: 2, padding: 1 } },
    { inputs: [[7, 7, 1]], params: { padding: 'same' } },
  ],
  GlobalAvgPool: [{ inputs: img }, { inputs: seq }],
  GlobalMaxPool: [{ inputs: img }, { inputs: seq }],
  UpSampling2D: [
    { inputs: [[3, 3, 2]] },
    { inputs: [[3, 3, 2]], params: { size: [2, 3], interpolation: 'bilinear' } },
  ],

  BatchNorm: [{ inputs: vec }, { inputs: img }, { inputs: seq, params: { affine: false, momentum: 0.01 } }],
  LayerNorm: [{ inputs: vec }, { inputs: seq, params: { affine: false } }],

  ReLU: [{ inputs: seq }],
  LeakyReLU: [{ inputs: seq }, { inputs: img, params: { alpha: 0.2 } }],
  PReLU: [
    { inputs: img },
    { inputs: img, params: { perChannel: true } },
    { inputs: vec },
    { inputs: vec, params: { perChannel: true } },
  ],
  ELU: [{ inputs: seq }, { inputs: seq, params: { alpha: 0.5 } }],
  SELU: [{ inputs: seq }],
  GELU: [{ inputs: seq }],
  Sigmoid: [{ inputs: seq }],
  Tanh: [{ inputs: seq }],
  Softmax: [{ inputs: seq }],
  Swish: [{ inputs: seq }],

  Add: [{ inputs: [img[0], img[0]] }, { inputs: [vec[0], vec[0], vec[0]] }],
  Multiply: [{ inputs: [seq[0], seq[0]] }],
  Average: [{ inputs: [img[0], img[0], img[0]] }],
  Concatenate: [
    {
      inputs: [
        [4, 4, 2],
        [4, 4, 3],
      ],
    },
    {
      inputs: [
        [2, 3],
        [5, 3],
        [1, 3],
      ],
      params: { axis: 1 },
    },
    {
      inputs: [
        [4, 4, 2],
        [4, 3, 2],
      ],
      params: { axis: 2 },
    },
  ],
  ...SEQ_REGISTRY_CASES,
}

describe('layer registry', () => {
  it('has test cases for exactly the registered kinds, each with a default-params case', () => {
    expect(Object.keys(CASES).sort()).toEqual(layerKinds().sort())
    for (const [kind, cases] of Object.entries(CASES))
      expect(
        cases.some((c) => !c.params),
        `${kind} needs a case with default params`,
      ).toBe(true)
  })

  it('uses each kind as its registry key', () => {
    for (const kind of layerKinds()) expect(getLayer(kind)!.kind).toBe(kind)
  })

  it.each(layerKinds())('%s: defaults pass resolveParams', (kind) => {
    const r = resolveParams(getLayer(kind)!, {})
    expect(r.ok, JSON.stringify(r)).toBe(true)
  })

  const all = Object.entries(CASES).flatMap(([kind, cases]) =>
    cases.map((c, i) => ({ label: `${kind} #${i + 1} ${JSON.stringify(c.params ?? {})}`, kind, c })),
  )

  it.each(all)('$label: shape and parameter counts match tfjs, forward pass runs', ({ kind, c }) => {
    const b = checked(kind, c.params ?? {}, c.inputs, c.dtype)
    const feeds = b.model.inputs.map((t, i) =>
      (Array.isArray(c.dtype) ? c.dtype[i] : c.dtype) === 'int32'
        ? tf.zeros([2, ...(t.shape.slice(1) as number[])], 'int32')
        : tf.randomNormal([2, ...(t.shape.slice(1) as number[])], 0, 1, 'float32', 3),
    )
    const y = b.model.predict(feeds) as tf.Tensor
    expect(y.shape).toEqual([2, ...b.outputShape])
    expect(Array.from(y.dataSync()).every(Number.isFinite), 'outputs are finite').toBe(true)
    tf.dispose([...feeds, y])
    b.model.dispose()
  })
})
