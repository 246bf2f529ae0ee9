/**
 * The per-layer ONNX parity cases. Each is Input(s) → a short chain; a layout-sensitive layer
 * after the one under test (a conv after a Reshape to an image, a Flatten after an image
 * activation) checks the tensor was left in the layout the next emitter expects.
 */
import { doc } from '../helpers/graph'
import { OPERATOR_CASES } from './operator-cases'
import { SEQ_CASES } from './seq-cases'

type Params = Record<string, unknown>

export interface Case {
  name: string
  inputs: number[][]
  /** For every input, or one per input. */
  dtype?: 'float32' | 'int32' | ('float32' | 'int32')[]
  layers: [string, Params][]
}

/** Inputs feed the first layer; the layers form a chain after it. */
export function caseDoc(c: Case) {
  const ins = c.inputs.map((s, i) => ({
    id: `in${i}`,
    type: 'Input',
    params: { shape: s, ...(c.dtype ? { dtype: Array.isArray(c.dtype) ? c.dtype[i] : c.dtype } : {}) },
  }))
  const layers = c.layers.map(([type, params], i) => ({ id: `l${i + 1}`, type, params }))
  const edges: [string, string][] = [
    ...ins.map((n): [string, string] => [n.id, 'l1']),
    ...layers.slice(1).map((n, i): [string, string] => [layers[i].id, n.id]),
  ]
  return doc([...ins, ...layers], edges)
}

const img = [6, 6, 3]
const seq = [7, 4]
const vec = [10]
const conv = (p: Params = {}): [string, Params] => ['Conv2D', { filters: 2, kernelSize: 1, ...p }]

const activations = ['ReLU', 'ReLU6', 'SELU', 'GELU', 'Sigmoid', 'Tanh', 'Swish', 'Softmax'].flatMap(
  (kind) => [
    {
      name: `${kind} on an image`,
      inputs: [img],
      layers: [
        [kind, {}],
        ['Flatten', {}],
      ] as [string, Params][],
    },
    { name: `${kind} on a sequence`, inputs: [seq], layers: [[kind, {}]] as [string, Params][] },
  ],
)

const denseActs = ['linear', 'relu', 'sigmoid', 'tanh', 'softmax', 'elu', 'selu', 'gelu', 'swish']

export const CASES: Case[] = [
  // detection: anchors from an image's height and width, and an SSD's per-scale concatenation
  {
    name: 'AnchorBoxes on an image',
    inputs: [img],
    layers: [['AnchorBoxes', { sizes: [0.3, 0.5], ratios: [1, 2, 0.5] }]],
  },
  {
    name: 'MultiboxConcat of two scales',
    inputs: [
      [3, 3, 12],
      [1, 1, 12],
      [3, 3, 16],
      [1, 1, 16],
      [36, 4],
      [4, 4],
    ],
    layers: [['MultiboxConcat', { classes: 2 }]],
  },
  // Dense: Gemm on vectors, MatMul on sequences and rank 4, a 1×1 Conv on NCHW images
  ...denseActs.map((activation) => ({
    name: `Dense ${activation} on a vector`,
    inputs: [vec],
    layers: [['Dense', { units: 5, activation }]] as [string, Params][],
  })),
  { name: 'Dense without bias', inputs: [vec], layers: [['Dense', { units: 3, useBias: false }]] },
  {
    name: 'Dense softmax on a sequence',
    inputs: [seq],
    layers: [['Dense', { units: 3, activation: 'softmax' }]],
  },
  {
    name: 'Dense softmax on an image',
    inputs: [img],
    layers: [['Dense', { units: 4, activation: 'softmax' }]],
  },
  { name: 'Dense on rank 4', inputs: [[2, 3, 2, 4]], layers: [['Dense', { units: 3, useBias: false }]] },

  {
    name: 'Flatten an image (H, W, C order)',
    inputs: [img],
    layers: [conv({ filters: 4 }), ['Flatten', {}]],
  },
  { name: 'Flatten a vector', inputs: [vec], layers: [['Flatten', {}]] },
  { name: 'Flatten a sequence', inputs: [seq], layers: [['Flatten', {}]] },
  {
    name: 'Reshape vector → image',
    inputs: [[24]],
    layers: [['Reshape', { targetShape: [2, 4, 3] }], conv()],
  },
  { name: 'Reshape image → sequence', inputs: [img], layers: [['Reshape', { targetShape: [-1, 9] }]] },
  { name: 'Permute an image', inputs: [[4, 5, 3]], layers: [['Permute', { dims: [2, 1, 3] }], conv()] },
  {
    name: 'Permute an image to channels-first',
    inputs: [[4, 5, 3]],
    layers: [['Permute', { dims: [3, 1, 2] }]],
  },
  { name: 'Permute a sequence', inputs: [seq], layers: [['Permute', { dims: [2, 1] }]] },
  { name: 'Dropout', inputs: [vec], layers: [['Dropout', { rate: 0.3 }]] },
  { name: 'Identity', inputs: [img], layers: [['Identity', {}]] },
  {
    name: 'Embedding of int32 ids',
    inputs: [[6]],
    dtype: 'int32',
    layers: [['Embedding', { inputDim: 20, outputDim: 5 }]],
  },
  {
    name: 'OneHot of int32 ids into an RNN',
    inputs: [[6]],
    dtype: 'int32',
    layers: [
      ['OneHot', { depth: 12 }],
      ['SimpleRNN', { units: 4 }],
    ],
  },
  {
    name: 'Embedding of float ids into an image',
    inputs: [[3, 4]],
    layers: [['Embedding', { inputDim: 9, outputDim: 3 }], conv()],
  },

  {
    name: 'Conv1D same stride 2',
    inputs: [[12, 3]],
    layers: [['Conv1D', { filters: 4, strides: 2, padding: 'same' }]],
  },
  {
    name: 'Conv1D dilated, then Conv1D padded (transposes fold)',
    inputs: [[12, 3]],
    layers: [
      ['Conv1D', { filters: 4, dilation: 2, activation: 'relu' }],
      ['Conv1D', { filters: 2, kernelSize: 2, padding: 1, activation: 'softmax' }],
    ],
  },
  {
    name: 'Conv2D same, asymmetric pads',
    inputs: [[8, 8, 3]],
    layers: [conv({ kernelSize: 3, strides: 2, padding: 'same' })],
  },
  {
    name: 'Conv2D same, even kernel',
    inputs: [[7, 6, 2]],
    layers: [conv({ kernelSize: 4, padding: 'same', filters: 3 })],
  },
  {
    name: 'Conv2D dilated [3, 5] same',
    inputs: [[9, 10, 2]],
    layers: [conv({ kernelSize: [3, 5], dilation: 2, padding: 'same', activation: 'gelu' })],
  },
  {
    name: 'Conv2D explicit pad, strides [2, 1], no bias',
    inputs: [[9, 8, 3]],
    layers: [conv({ kernelSize: 3, strides: [2, 1], padding: 2, useBias: false, activation: 'softmax' })],
  },
  ...[
    { kernelSize: 3, strides: 2, padding: 'same' },
    { kernelSize: 2, strides: 3, padding: 'same' },
    { kernelSize: 2, strides: 3, padding: 'valid' },
    { kernelSize: 3, strides: 1, padding: 'valid' },
    { kernelSize: 4, strides: 2, padding: 1 },
    // PyTorch's output_padding: the 3×3 stride-2 upsampling that exactly doubles the size
    { kernelSize: 3, strides: 2, padding: 1, outputPadding: 1 },
    { kernelSize: [3, 2], strides: [2, 3], padding: 'same', activation: 'relu' },
  ].map((p) => ({
    name: `Conv2DTranspose ${JSON.stringify(p)}`,
    inputs: [[4, 5, 3]],
    layers: [['Conv2DTranspose', { filters: 2, ...p }]] as [string, Params][],
  })),
  {
    name: 'DepthwiseConv2D same stride 2, multiplier 2',
    inputs: [[7, 8, 3]],
    layers: [['DepthwiseConv2D', { strides: 2, padding: 'same', depthMultiplier: 2 }]],
  },
  {
    name: 'DepthwiseConv2D explicit pad',
    inputs: [img],
    layers: [['DepthwiseConv2D', { padding: 1, activation: 'relu' }]],
  },
  {
    name: 'SeparableConv2D dilated same, multiplier 2',
    inputs: [[8, 8, 3]],
    layers: [['SeparableConv2D', { filters: 4, dilation: 2, padding: 'same', depthMultiplier: 2 }]],
  },
  {
    name: 'SeparableConv2D strided valid, no bias',
    inputs: [[9, 9, 2]],
    layers: [['SeparableConv2D', { filters: 3, strides: 2, useBias: false, activation: 'tanh' }]],
  },

  ...['MaxPool2D', 'AvgPool2D'].flatMap((kind) =>
    [
      {},
      { poolSize: 3, strides: 2, padding: 'same' },
      { poolSize: 3, strides: 1, padding: 1 },
      { poolSize: [2, 3], strides: [1, 2] },
    ].map((p) => ({
      name: `${kind} ${JSON.stringify(p)}`,
      inputs: [[7, 8, 2]],
      layers: [[kind, p]] as [string, Params][],
    })),
  ),
  ...['GlobalAvgPool', 'GlobalMaxPool'].flatMap((kind) => [
    { name: `${kind} on an image`, inputs: [img], layers: [[kind, {}]] as [string, Params][] },
    { name: `${kind} on a sequence`, inputs: [seq], layers: [[kind, {}]] as [string, Params][] },
  ]),
  ...[
    { size: 2 },
    { size: [2, 3] },
    { size: 2, interpolation: 'bilinear' },
    { size: [3, 2], interpolation: 'bilinear' },
  ].map((p) => ({
    name: `UpSampling2D ${JSON.stringify(p)}`,
    inputs: [[3, 4, 2]],
    layers: [['UpSampling2D', p]] as [string, Params][],
  })),

  // tfjs normalises at most rank 4 (batch included)
  ...[vec, seq, img].flatMap((shape) => [
    {
      name: `BatchNorm on [${shape}]`,
      inputs: [shape],
      layers: [['BatchNorm', { eps: 1e-3 }]] as [string, Params][],
    },
    { name: `LayerNorm on [${shape}]`, inputs: [shape], layers: [['LayerNorm', {}]] as [string, Params][] },
  ]),
  { name: 'BatchNorm without affine', inputs: [img], layers: [['BatchNorm', { affine: false }]] },
  { name: 'LayerNorm without affine', inputs: [seq], layers: [['LayerNorm', { affine: false }]] },

  ...activations,
  { name: 'LeakyReLU', inputs: [img], layers: [['LeakyReLU', { alpha: 0.2 }]] },
  { name: 'ELU α = 1', inputs: [vec], layers: [['ELU', {}]] },
  { name: 'ELU α = 0.5', inputs: [img], layers: [['ELU', { alpha: 0.5 }]] },
  { name: 'PReLU shared', inputs: [img], layers: [['PReLU', {}]] },
  { name: 'PReLU per channel on an image', inputs: [img], layers: [['PReLU', { perChannel: true }]] },
  { name: 'PReLU per channel on a sequence', inputs: [seq], layers: [['PReLU', { perChannel: true }]] },
  { name: 'PReLU per feature on a vector', inputs: [vec], layers: [['PReLU', { perChannel: true }]] },

  { name: 'Add two vectors', inputs: [vec, vec], layers: [['Add', {}]] },
  {
    name: 'Add three images',
    inputs: [img, img, img],
    layers: [
      ['Add', {}],
      ['Flatten', {}],
    ],
  },
  { name: 'Multiply three sequences', inputs: [seq, seq, seq], layers: [['Multiply', {}]] },
  { name: 'Average two images', inputs: [img, img], layers: [['Average', {}]] },
  { name: 'Concatenate images on channels', inputs: [img, [6, 6, 2]], layers: [['Concatenate', {}], conv()] },
  {
    name: 'Concatenate images on height',
    inputs: [img, [2, 6, 3]],
    layers: [['Concatenate', { axis: 1 }], conv()],
  },
  { name: 'Concatenate images on width', inputs: [img, [6, 1, 3]], layers: [['Concatenate', { axis: 2 }]] },
  { name: 'Concatenate sequences on time', inputs: [seq, [2, 4]], layers: [['Concatenate', { axis: 1 }]] },
  { name: 'Concatenate vectors', inputs: [vec, [3]], layers: [['Concatenate', {}]] },
  { name: 'Output marks the output', inputs: [img], layers: [conv(), ['Output', {}]] },
  ...SEQ_CASES,
  ...OPERATOR_CASES,
]
