/**
 * One or more build cases per registry entry (the first with default parameters), shared by the
 * registry table test and the webgpu gradient suite.
 */
import type { Shape } from '../../../engine/layers'
import { OPERATOR_REGISTRY_CASES } from './operator-cases'
import { SEQ_REGISTRY_CASES } from './seq-cases'

export interface Case {
  inputs: Shape[]
  params?: Record<string, unknown>
  dtype?: 'int32' | ('float32' | 'int32')[]
  /** Feed positive numbers only (Log, Sqrt, Pow are NaN below zero). */
  positive?: boolean
}

const vec = [[12]]
const img = [[6, 6, 3]]
const seq = [[7, 4]]

export const REGISTRY_CASES: Record<string, Case[]> = {
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
  OneHot: [
    { inputs: [[7]], dtype: 'int32' },
    { inputs: [[5]], dtype: 'int32', params: { depth: 9 } },
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
  ReLU6: [{ inputs: seq }, { inputs: img }],

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
  AnchorBoxes: [
    { inputs: img },
    { inputs: [[3, 5, 8]], params: { sizes: [0.75, 0.5, 0.25], ratios: [1, 2] } },
  ],
  // class maps, box maps, anchors: 2 classes, 4 anchors per pixel; two scales in the second case
  MultiboxConcat: [
    {
      inputs: [
        [2, 2, 8],
        [2, 2, 16],
        [16, 4],
      ],
    },
    {
      inputs: [
        [4, 4, 12],
        [1, 1, 12],
        [4, 4, 16],
        [1, 1, 16],
        [64, 4],
        [4, 4],
      ],
      params: { classes: 2 },
    },
  ],
  ...SEQ_REGISTRY_CASES,
  ...OPERATOR_REGISTRY_CASES,
}
