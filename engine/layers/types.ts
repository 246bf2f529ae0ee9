/**
 * The shape of one registry entry. Everything the app knows about a layer type lives in its
 * definition: the palette and inspector read `category` and `params`, the validator reads
 * `inputs` and `outputShape`, the summary reads `trainableParams`, the compiler `toTfjs`.
 * Exporters (ONNX, PyTorch) add their emitters here when they land.
 */
import type * as tfTypes from '@tensorflow/tfjs'
import type { OnnxContext } from '../export/onnx/types'
import type { OnnxRecogniser } from '../import/onnx/types'
import type { ParamSpecs, ParamValues } from './params'

/** Per-sample shape, batch dimension excluded, channels-last (H, W, C). */
export type Shape = number[]
export type Tf = typeof tfTypes
export type SymbolicTensor = tfTypes.SymbolicTensor

export type Category =
  | 'io'
  | 'core'
  | 'conv'
  | 'pool'
  | 'norm'
  | 'activation'
  | 'merge'
  | 'recurrent'
  | 'attention'
  | 'detect'
  | 'block'
  | 'operator'

export const INITIALIZERS = [
  'default',
  'glorot',
  'he',
  'normal',
  'zeros',
  'torch-default',
  'xavier-uniform',
  'bilinear',
] as const
export type Initializer = (typeof INITIALIZERS)[number]

/** A shape rule's refusal; the validator attaches the node id. */
export class ShapeError extends Error {
  override name = 'ShapeError'
}

export interface TfjsContext {
  tf: Tf
  /** Unique tfjs layer name derived from the node id; sub-layers append a suffix. */
  name: string
  trainable: boolean
  /** Seed for this node's initialisers, derived from the graph seed and the node id. */
  seed: number
  init: Initializer
  /** The node's input shapes (channels-last): initialisers scaled by fan-in read them. */
  inputShapes: Shape[]
}

export type TfjsApply = (inputs: SymbolicTensor[]) => SymbolicTensor

/**
 * What a layer's PyTorch emitter sees. In the generated model an image-like tensor (per-sample
 * rank 3) is channels-first, NCHW, as PyTorch's conv layers want; every other tensor keeps the
 * engine's layout. `in`/`out` stay in the engine's channels-last terms.
 */
export interface PytorchIO {
  in: Shape[]
  out: Shape
  /** Python expressions of the inputs inside `forward`. */
  args: string[]
  /** The node's module attribute, e.g. `self.conv1`. */
  self: string
}

/** One tfjs weight moved into the state_dict: transposed by `perm`, then reshaped to `shape`. */
export interface PytorchWeight {
  /** Keras name inside the node's tfjs layer: 'kernel', 'bias', 'gamma', 'moving_mean' … */
  tfjs: string
  /** state_dict key relative to the node's module: 'weight', '1.bias' … */
  torch: string
  perm?: number[]
  shape?: number[]
}

export interface PytorchCode {
  /** Constructor of the node's module (`nn.Conv2d(1, 6, 5)`); none for pure tensor expressions. */
  module?: string
  /** The output as an expression of `io.args` and `io.self`. */
  forward: string
  /** A why-comment the generator writes above the forward line. */
  comment?: string
  weights?: PytorchWeight[]
  /** state_dict entries tfjs has no weight for (BatchNorm's num_batches_tracked), written as 0. */
  counters?: string[]
  /** Helper functions of the generated model.py that `forward` calls. */
  helpers?: string[]
}

/** What the inspector and palette teach about a layer, in the app's two languages. */
export interface LayerDoc {
  /** KaTeX source of the layer's formula. */
  formula: string
  /** A few sentences in our own words: what the layer computes and how its parameters shape the output. */
  en: string
  zh: string
}

export interface LayerDef<S extends ParamSpecs = ParamSpecs> {
  kind: string
  category: Category
  /** Explanation and formula shown to learners; every registry entry is expected to carry one. */
  doc?: LayerDoc
  /** Number of incoming tensors accepted: [min, max] (max may be Infinity for merges). */
  inputs: readonly [number, number]
  params: S
  /** Output shape from input shapes; throws ShapeError with a sentence a learner understands. */
  outputShape(p: ParamValues<S>, inputs: Shape[]): Shape
  /** Trainable parameters as PyTorch counts them (BatchNorm running statistics excluded). */
  trainableParams(p: ParamValues<S>, inputs: Shape[]): number
  /** Non-trainable state such as BatchNorm's running mean/variance. */
  stateParams?(p: ParamValues<S>, inputs: Shape[]): number
  /** Multiply–accumulate count per sample, for the summary's FLOPs estimate. */
  macs?(p: ParamValues<S>, inputs: Shape[], output: Shape): number
  /** Builds the tfjs layer(s) and returns a function applying them to symbolic inputs. */
  toTfjs(p: ParamValues<S>, ctx: TfjsContext): TfjsApply
  /** Emits the layer's ONNX nodes (engine/export/onnx) and returns its output tensor's name. */
  toOnnx?(p: ParamValues<S>, ctx: OnnxContext): string
  /** Recognises the ONNX node pattern this layer imports from (engine/import/onnx). */
  fromOnnx?: OnnxRecogniser
  /** PyTorch module and forward expression; throws an Error with a sentence when unsupported. */
  toPytorch?(p: ParamValues<S>, io: PytorchIO): PytorchCode
}

export type AnyLayerDef = LayerDef<ParamSpecs>

/** Identity helper that keeps the literal param types for the layer's functions. */
export function defineLayer<S extends ParamSpecs>(def: LayerDef<S>): LayerDef<S> {
  return def
}

export const prod = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1)
