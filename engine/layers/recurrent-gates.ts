import type { Cell } from './recurrent-tf'

/** ONNX's gate order as indices into PyTorch's (the engine's): GRU z, r, h; LSTM i, o, f, c. */
export const ONNX_GATES: Record<Cell, number[]> = { rnn: [0], gru: [1, 0, 2], lstm: [0, 3, 1, 2] }
