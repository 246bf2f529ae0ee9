/**
 * Registry-table cases of the sequence layers (merged into registry.test.ts): each is built
 * through tfjs and must agree with the registry's shape and parameter arithmetic.
 */
import type { Shape } from '../../../engine/layers'

export interface SeqCase {
  inputs: Shape[]
  params?: Record<string, unknown>
  /** For all inputs, or one per input (token ids for a padding mask are int32). */
  dtype?: 'int32' | ('float32' | 'int32')[]
}

const seq: Shape = [7, 4]

export const SEQ_REGISTRY_CASES: Record<string, SeqCase[]> = {
  SimpleRNN: [
    { inputs: [seq] },
    { inputs: [seq, [3]], params: { units: 3, activation: 'relu', bidirectional: 'concat' } },
  ],
  GRU: [
    { inputs: [seq] },
    { inputs: [seq], params: { units: 5, returnSequences: false, bidirectional: 'sum' } },
    { inputs: [seq, [5]], params: { units: 5, returnSequences: false } },
  ],
  LSTM: [
    { inputs: [seq] },
    { inputs: [seq, [6], [6]], params: { units: 6, bidirectional: 'concat', returnSequences: false } },
    { inputs: [seq, [6]], params: { units: 6 } },
  ],
  PositionalEncoding: [{ inputs: [seq] }, { inputs: [[9, 5]], params: { scaleInput: true } }],
  PositionEmbedding: [{ inputs: [seq] }, { inputs: [seq], params: { maxLength: 7 } }],
  Attention: [
    { inputs: [seq, [5, 4]] },
    { inputs: [seq, [5, 3], [5, 2]], params: { score: 'additive', units: 6, causal: true } },
  ],
  MultiHeadAttention: [
    { inputs: [[7, 8]] },
    {
      inputs: [
        [7, 8],
        [5, 3],
      ],
      params: { heads: 2, keyDim: 5, causal: true, dropout: 0.2 },
    },
    { inputs: [[7, 8], [7]], params: { heads: 2, padId: 0 }, dtype: ['float32', 'int32'] },
  ],
  FeedForward: [{ inputs: [seq] }, { inputs: [[6]], params: { hidden: 3, activation: 'gelu' } }],
}
