/**
 * The layer registry: one entry per layer type. The validator, shape inference, compiler,
 * summary, palette and inspector all read this table; adding a layer type is adding an entry.
 */
import { elu, gelu, leakyRelu, prelu, relu, relu6, selu, sigmoid, softmax, swish, tanh } from './activations'
import { conv1d, conv2d, conv2dTranspose } from './conv'
import { dropout, embedding, flatten, identity, permute, reshape } from './core'
import { dense } from './dense'
import { depthwiseConv2d, separableConv2d } from './depthwise'
import { input, output } from './io'
import { oneHot } from './onehot'
import { add, average, concatenate, multiply } from './merge'
import { batchNorm, layerNorm } from './norm'
import { gru, lstm, simpleRnn } from './recurrent'
import { attention, multiHeadAttention } from './attention'
import { feedForward, positionEmbedding, positionalEncoding } from './position'
import { avgPool2d, globalAvgPool, globalMaxPool, maxPool2d, upSampling2d } from './pool'
import { anchorBoxes } from './anchors'
import { multiboxConcat } from './multibox'
import { operators } from './ops'
import type { AnyLayerDef } from './types'

export const layers = {
  Input: input,
  Output: output,
  Dense: dense,

  Flatten: flatten,
  Reshape: reshape,
  Permute: permute,
  Dropout: dropout,
  Identity: identity,
  Embedding: embedding,
  OneHot: oneHot,

  Conv1D: conv1d,
  Conv2D: conv2d,
  Conv2DTranspose: conv2dTranspose,
  DepthwiseConv2D: depthwiseConv2d,
  SeparableConv2D: separableConv2d,

  MaxPool2D: maxPool2d,
  AvgPool2D: avgPool2d,
  GlobalAvgPool: globalAvgPool,
  GlobalMaxPool: globalMaxPool,
  UpSampling2D: upSampling2d,

  BatchNorm: batchNorm,
  LayerNorm: layerNorm,

  ReLU: relu,
  ReLU6: relu6,
  LeakyReLU: leakyRelu,
  PReLU: prelu,
  ELU: elu,
  SELU: selu,
  GELU: gelu,
  Sigmoid: sigmoid,
  Tanh: tanh,
  Softmax: softmax,
  Swish: swish,

  Add: add,
  Multiply: multiply,
  Average: average,
  Concatenate: concatenate,

  SimpleRNN: simpleRnn,
  GRU: gru,
  LSTM: lstm,

  PositionalEncoding: positionalEncoding,
  PositionEmbedding: positionEmbedding,
  FeedForward: feedForward,

  Attention: attention,
  MultiHeadAttention: multiHeadAttention,

  AnchorBoxes: anchorBoxes,
  MultiboxConcat: multiboxConcat,

  ...operators,
} satisfies Record<string, AnyLayerDef>

export type LayerKind = keyof typeof layers

const table: Record<string, AnyLayerDef> = layers as unknown as Record<string, AnyLayerDef>

export function getLayer(kind: string): AnyLayerDef | undefined {
  return Object.hasOwn(table, kind) ? table[kind] : undefined
}

export function layerKinds(): string[] {
  return Object.keys(table)
}

export { registerCustomLayers } from './custom'
export * from './types'
export * from './params'
