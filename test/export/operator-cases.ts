/**
 * ONNX parity cases of the generic operator nodes, merged into the per-layer table of
 * helpers-cases.ts: vectors, sequences and images (stored NCHW inside the file, so the emitters'
 * channels-last round trip is exercised), constants on either side, negative slice steps.
 */
import type { Case } from './helpers-cases'

const img = [4, 5, 3]
const seq = [6, 4]
const conv: [string, Record<string, unknown>] = ['Conv2D', { filters: 2, kernelSize: 1 }]
const binaryOps = ['AddOp', 'MulOp', 'Sub', 'Div', 'Pow', 'Max', 'Min']

export const OPERATOR_CASES: Case[] = [
  {
    name: 'Pow of a positive sequence by a per-step constant',
    inputs: [seq],
    layers: [
      ['Abs', {}],
      ['AddOp', { constant: [0.5] }],
      ['Pow', { constant: [...Array(24).keys()].map((i) => i / 10 - 1), constantShape: [6, 4] }],
    ],
  },
  { name: 'MatMul of two sequences', inputs: [seq, [4, 3]], layers: [['MatMul', {}]] },
  {
    name: 'MatMul by a constant on the left',
    inputs: [seq],
    layers: [
      [
        'MatMul',
        { constant: [...Array(12).keys()].map((i) => i / 10), constantShape: [2, 6], constantFirst: true },
      ],
    ],
  },
  { name: 'MatMul of images, broadcast', inputs: [img, [1, 3, 2]], layers: [['MatMul', {}], conv] },
  {
    name: 'Gather channels of an image',
    inputs: [img],
    layers: [['Gather', { axis: 3, indices: [2, 0, -1] }], conv],
  },
  {
    name: 'Gather one row of an image',
    inputs: [img],
    layers: [['Gather', { axis: 1, indices: [-2], keepAxis: false }]],
  },
  { name: 'Gather steps of a sequence', inputs: [seq], layers: [['Gather', { indices: [5, 0] }]] },
  {
    name: 'Slice an image backwards and by steps',
    inputs: [img],
    layers: [['Slice', { axes: [1, 3], starts: [1, -1], ends: [100, -4], steps: [2, -1] }], conv],
  },
  {
    name: 'Slice a sequence',
    inputs: [seq],
    layers: [['Slice', { axes: [2], starts: [-3], ends: [4], steps: [1] }]],
  },
  ...binaryOps.flatMap((kind): Case[] => [
    // a negative base makes Pow NaN: its own case below feeds it positive numbers
    ...(kind === 'Pow'
      ? []
      : ([
          { name: `${kind} of two sequences`, inputs: [seq, seq], layers: [[kind, {}]] },
          {
            name: `${kind} image and a per-channel image`,
            inputs: [img, [1, 1, 3]],
            layers: [[kind, {}], conv],
          },
        ] as Case[])),
    {
      name: `${kind} image by a scalar`,
      inputs: [img],
      layers: [['Abs', {}], [kind, { constant: [1.5] }], conv],
    },
    {
      name: `${kind} constant first, per feature`,
      inputs: [seq],
      layers: [
        ['Abs', {}],
        [kind, { constant: [1, 2, 3, 0.5], constantShape: [4], constantFirst: true }],
      ],
    },
    {
      name: `${kind} image by a per-pixel constant`,
      inputs: [img],
      layers: [
        ['Abs', {}],
        [kind, { constant: [...Array(15).keys()].map((i) => 0.5 + i / 10), constantShape: [5, 3] }],
        conv,
      ],
    },
  ]),
  ...['Exp', 'Log', 'Sqrt', 'Neg', 'Abs', 'Reciprocal'].flatMap((kind): Case[] => [
    {
      name: `${kind} of a sequence`,
      inputs: [seq],
      layers: [
        ['Abs', {}],
        [kind, {}],
      ],
    },
    { name: `${kind} of an image`, inputs: [img], layers: [['Abs', {}], [kind, {}], conv] },
  ]),
  ...['ReduceMean', 'ReduceSum', 'ReduceMax'].flatMap((kind): Case[] => [
    { name: `${kind} over time`, inputs: [seq], layers: [[kind, { axes: [1], keepDims: false }]] },
    {
      name: `${kind} over an image's height and width, kept`,
      inputs: [img],
      layers: [[kind, { axes: [1, 2] }], conv],
    },
    { name: `${kind} over channels`, inputs: [img], layers: [[kind, { axes: [3], keepDims: false }]] },
  ]),
]
