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

const position: Case[] = [
  { name: 'PositionalEncoding', inputs: [[6, 5]], layers: [['PositionalEncoding', {}]] },
  {
    name: 'PositionalEncoding scaled, after an Embedding',
    inputs: [[6]],
    dtype: 'int32',
    layers: [
      ['Embedding', { inputDim: 12, outputDim: 6 }],
      ['PositionalEncoding', { scaleInput: true }],
    ],
  },
  { name: 'PositionEmbedding', inputs: [seq], layers: [['PositionEmbedding', { maxLength: 9 }]] },
  { name: 'FeedForward on a sequence', inputs: [seq], layers: [['FeedForward', { hidden: 7 }]] },
  {
    name: 'FeedForward gelu on a vector',
    inputs: [[5]],
    layers: [['FeedForward', { hidden: 3, activation: 'gelu' }]],
  },
]

const q: number[] = [5, 8]
const attention: Case[] = [
  ...(['dot', 'scaled-dot', 'additive'] as const).map((score): Case => ({
    name: `Attention ${score}`,
    inputs: [q, [6, 8]],
    layers: [['Attention', { score, units: 4 }]],
  })),
  {
    name: 'Attention scaled-dot causal with separate keys',
    inputs: [q, [7, 3], [7, 8]],
    layers: [['Attention', { causal: true }]],
  },
  {
    name: 'Attention additive causal with keys of another width',
    inputs: [q, [5, 3], [5, 2]],
    layers: [['Attention', { score: 'additive', causal: true, units: 6 }]],
  },
  { name: 'MultiHeadAttention self', inputs: [q], layers: [['MultiHeadAttention', { heads: 2 }]] },
  {
    name: 'MultiHeadAttention causal, keyDim 3',
    inputs: [q],
    layers: [['MultiHeadAttention', { heads: 4, keyDim: 3, causal: true, dropout: 0.1 }]],
  },
  {
    name: 'MultiHeadAttention cross, other key width',
    inputs: [q, [7, 5]],
    layers: [['MultiHeadAttention', { heads: 2 }]],
  },
  {
    name: 'MultiHeadAttention self with padding mask',
    inputs: [q, [5]],
    dtype: ['float32', 'int32'],
    layers: [['MultiHeadAttention', { heads: 2, padId: 0, causal: true }]],
  },
  {
    name: 'MultiHeadAttention cross with padding mask, then LayerNorm',
    inputs: [q, [7, 8], [7]],
    dtype: ['float32', 'float32', 'int32'],
    layers: [
      ['MultiHeadAttention', { heads: 1, padId: 3 }],
      ['LayerNorm', {}],
    ],
  },
]

export const SEQ_CASES: Case[] = [
  ...attention,
  ...recurrent,
  ...position,
  {
    name: 'SimpleRNN relu, bidirectional sum',
    inputs: [seq],
    layers: [['SimpleRNN', { units: 3, activation: 'relu', bidirectional: 'sum' }]],
  },
]
