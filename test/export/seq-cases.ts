/**
 * ONNX parity cases of the sequence layers (recurrent, attention, position), merged into the
 * per-layer table of helpers-cases.ts. Several inputs all feed the first layer, in order.
 */
import type { Case } from './helpers-cases'

const seq: number[] = [6, 4]

const recurrent = (['SimpleRNN', 'GRU', 'LSTM'] as const).flatMap((kind): Case[] => [
  { name: `${kind} sequences`, inputs: [seq], layers: [[kind, { units: 3 }]] },
  { name: `${kind} last state`, inputs: [seq], layers: [[kind, { units: 5, returnSequences: false }]] },
  {
    name: `${kind} bidirectional concat`,
    inputs: [seq],
    layers: [[kind, { units: 3, bidirectional: 'concat' }]],
  },
  {
    name: `${kind} bidirectional sum, last state`,
    inputs: [seq],
    layers: [[kind, { units: 3, bidirectional: 'sum', returnSequences: false }]],
  },
  {
    name: `${kind} bidirectional concat, last state, initial state`,
    inputs: kind === 'LSTM' ? [seq, [3], [3]] : [seq, [3]],
    layers: [[kind, { units: 3, bidirectional: 'concat', returnSequences: false }]],
  },
  {
    name: `${kind} with initial state`,
    inputs: [seq, [4]],
    layers: [[kind, { units: 4 }]],
  },
])

export const SEQ_CASES: Case[] = [
  ...recurrent,
  {
    name: 'SimpleRNN relu, bidirectional sum',
    inputs: [seq],
    layers: [['SimpleRNN', { units: 3, activation: 'relu', bidirectional: 'sum' }]],
  },
]
