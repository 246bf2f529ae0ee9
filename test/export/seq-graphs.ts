/**
 * Sequence models with real wiring (residuals, padding masks, an encoder state starting a
 * decoder, attention over encoder outputs) for the ONNX and PyTorch parity suites, where the
 * per-layer chains of seq-cases.ts cannot reach: Embedding, Add and LayerNorm on [T, d] included.
 */
import type { GraphDocInput } from '../../engine/graph/schema'
import { doc } from '../helpers/graph'

export const SEQ_GRAPHS: Record<string, GraphDocInput> = {
  'transformer encoder block with padding mask': doc(
    [
      { id: 'ids', type: 'Input', params: { shape: [6], dtype: 'int32' } },
      { id: 'emb', type: 'Embedding', params: { inputDim: 12, outputDim: 8 } },
      { id: 'pe', type: 'PositionalEncoding', params: { scaleInput: true } },
      { id: 'mha', type: 'MultiHeadAttention', params: { heads: 2, padId: 0 } },
      { id: 'add1', type: 'Add' },
      { id: 'ln1', type: 'LayerNorm' },
      { id: 'ffn', type: 'FeedForward', params: { hidden: 16 } },
      { id: 'add2', type: 'Add' },
      { id: 'ln2', type: 'LayerNorm' },
      { id: 'pool', type: 'GlobalAvgPool' },
      { id: 'logits', type: 'Dense', params: { units: 3, activation: 'softmax' } },
    ],
    [
      ['ids', 'emb'],
      ['emb', 'pe'],
      ['pe', 'mha'],
      ['ids', 'mha'],
      ['pe', 'add1'],
      ['mha', 'add1'],
      ['add1', 'ln1'],
      ['ln1', 'ffn'],
      ['ln1', 'add2'],
      ['ffn', 'add2'],
      ['add2', 'ln2'],
      ['ln2', 'pool'],
      ['pool', 'logits'],
    ],
    { name: 'encoder block' },
  ),
  'seq2seq: LSTM encoder state starts a GRU decoder attending over the encoder': doc(
    [
      { id: 'src', type: 'Input', params: { shape: [5], dtype: 'int32' } },
      { id: 'tgt', type: 'Input', params: { shape: [4], dtype: 'int32' } },
      { id: 'src_emb', type: 'Embedding', params: { inputDim: 10, outputDim: 6 } },
      { id: 'tgt_emb', type: 'Embedding', params: { inputDim: 10, outputDim: 6 } },
      { id: 'enc', type: 'GRU', params: { units: 8, bidirectional: 'sum' } },
      { id: 'enc_state', type: 'LSTM', params: { units: 8, returnSequences: false } },
      { id: 'dec', type: 'GRU', params: { units: 8 } },
      { id: 'ctx', type: 'Attention', params: { score: 'additive', units: 5 } },
      { id: 'cat', type: 'Concatenate' },
      { id: 'cross', type: 'MultiHeadAttention', params: { heads: 4, causal: true } },
      { id: 'out', type: 'Dense', params: { units: 10 } },
    ],
    [
      ['src', 'src_emb'],
      ['tgt', 'tgt_emb'],
      ['src_emb', 'enc'],
      ['enc', 'enc_state'],
      ['tgt_emb', 'dec'],
      ['enc_state', 'dec'],
      ['dec', 'ctx'],
      ['enc', 'ctx'],
      ['dec', 'cat'],
      ['ctx', 'cat'],
      ['cat', 'cross'],
      ['enc', 'cross'],
      ['cross', 'out'],
    ],
    { name: 'seq2seq' },
  ),
}
