/**
 * The shape of one registry entry. Everything the app knows about a layer type lives in its
 * definition: the palette and inspector read `category` and `params`, the validator reads
 * `inputs` and `outputShape`, the summary reads `trainableParams`, the compiler `toTfjs`.
 * Exporters (ONNX, PyTorch) add their emitters here when they land.
 */
import type * as tfTypes from '@tensorflow/tfjs'
import type { ParamSpecs, ParamValues } from './params'

/** Per-sample shape, batch dimension excluded, channels-last (H, W, C). */
export type Shape = number[]
export type Tf = typeof tfTypes
export type SymbolicTensor = tfTypes.SymbolicTensor

export type Category =
  'io' | 'core' | 'conv' | 'pool' | 'norm' | 'activation' | 'merge' | 'recurrent' | 'attention' | 'block'

export const INITIALIZERS = ['default', 'glorot', 'he', 'normal', 'zeros'] as const
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
}

export type TfjsApply = (inputs: SymbolicTensor[]) => SymbolicTensor

export interface LayerDef<S extends ParamSpecs = ParamSpecs> {
  kind: string
  category: Category
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
}

export type AnyLayerDef = LayerDef<ParamSpecs>

/** Identity helper that keeps the literal param types for the layer's functions. */
export function defineLayer<S extends ParamSpecs>(def: LayerDef<S>): LayerDef<S> {
  return def
}

export const prod = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1)
