/**
 * Registry build cases of the generic operator nodes (engine/layers/ops), merged into the
 * registry table: defaults first, then constants, broadcasting, images and negative positions.
 */
import type { Case } from './registry-cases'

const img = [4, 5, 3]
const seq = [6, 4]
const binary = (kind: string): [string, Case[]] => [
  kind,
  [
    { inputs: [seq, seq], positive: kind === 'Pow' },
    { inputs: [img], params: { constant: [2] } },
    { inputs: [seq], params: { constant: [1, 2, 3, 4], constantShape: [4], constantFirst: true } },
    { inputs: [img, [1, 1, 3]], positive: kind === 'Pow' },
  ],
]

export const OPERATOR_REGISTRY_CASES: Record<string, Case[]> = {
  MatMul: [
    { inputs: [seq, [4, 3]] },
    {
      inputs: [
        [2, 6, 4],
        [1, 4, 5],
      ],
    },
    {
      inputs: [seq],
      params: { constant: [...Array(12).keys()], constantShape: [2, 6], constantFirst: true },
    },
    { inputs: [[3]], params: { constant: [1, 2, 3, 4, 5, 6], constantShape: [3, 2] } },
  ],
  Gather: [
    { inputs: [seq] },
    { inputs: [img], params: { axis: 3, indices: [2, 0, -1] } },
    { inputs: [img], params: { axis: 1, indices: [-2], keepAxis: false } },
  ],
  Slice: [
    { inputs: [seq] },
    { inputs: [img], params: { axes: [1, 3], starts: [1, -1], ends: [100, -4], steps: [2, -1] } },
    { inputs: [seq], params: { axes: [2], starts: [-3], ends: [4], steps: [1] } },
  ],
  ...Object.fromEntries(['AddOp', 'MulOp', 'Sub', 'Div', 'Pow', 'Max', 'Min'].map(binary)),
  ...Object.fromEntries(
    ['Exp', 'Log', 'Sqrt', 'Neg', 'Abs', 'Reciprocal'].map((k) => {
      const positive = k === 'Log' || k === 'Sqrt'
      return [
        k,
        [
          { inputs: [seq], positive },
          { inputs: [img], positive },
        ],
      ]
    }),
  ),
  ...Object.fromEntries(
    ['ReduceMean', 'ReduceSum', 'ReduceMax'].map((k) => [
      k,
      [
        { inputs: [seq] },
        { inputs: [img], params: { axes: [1, 2], keepDims: false } },
        { inputs: [img], params: { axes: [3] } },
      ],
    ]),
  ),
}
