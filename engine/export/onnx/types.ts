/**
 * What a layer's `toOnnx` emitter sees. Tensors are referred to by name; every tensor is stored in
 * the layout `layout.ts` assigns to its rank, and emitters read shapes in the engine's own
 * channels-last terms (`inputShapes`, `outputShape`), batch excluded.
 */
import type { Shape } from '../../layers/types'
import { quote } from '../../budget/untrusted'
import type { Attrs } from './proto'

export interface Weight {
  data: Float32Array
  /** tfjs' shape, e.g. a conv kernel's [kh, kw, in, out] */
  shape: number[]
}

export interface OnnxContext {
  /** Graph node id: names this node's tensors and every error about it. */
  readonly id: string
  readonly kind: string
  /** Names of the input tensors, in storage layout. */
  readonly inputs: string[]
  readonly inputShapes: Shape[]
  readonly outputShape: Shape
  /** Adds one ONNX node and returns the name of its (single) output. */
  op(type: string, inputs: string[], attrs?: Attrs): string
  /** Adds one ONNX node with `count` outputs and returns their names; '' inputs are omitted optionals. */
  opOutputs(type: string, inputs: string[], count: number, attrs?: Attrs): string[]
  /** A Transpose that folds into a Transpose right before it, or vanishes if the two cancel. */
  transpose(x: string, perm: number[]): string
  /** An initializer named `<node id>.<suffix>`, e.g. 'conv1.weight'. */
  constant(
    suffix: string,
    values: Float32Array | readonly number[],
    dims: number[],
    dtype?: 'float32' | 'int64',
  ): string
  /** A weight of this node's tfjs layer by its Keras name: 'kernel', 'bias', 'moving_mean', … */
  weight(name: string): Weight
  /** True for integer tensors (token ids from an int32 Input). */
  isInt(x: string): boolean
  /** Declares a graph input named after this node; returns it in storage layout. */
  graphInput(dtype: 'float32' | 'int32', shape: Shape): string
  /** Throws an OnnxExportError naming this node and its layer type. */
  fail(why: string): never
}

/** An export failure tied to one graph node, worded for the person who built the graph. */
export class OnnxExportError extends Error {
  override name = 'OnnxExportError'
  constructor(
    readonly nodeId: string,
    readonly op: string,
    why: string,
  ) {
    super(`cannot export node ${quote(nodeId)} (${op}) to ONNX: ${why}`)
  }
}
