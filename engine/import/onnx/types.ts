/**
 * What a layer's ONNX recogniser (`fromOnnx` in its registry definition) sees, and what it
 * returns. Layouts: an ONNX tensor is the engine tensor of some graph node, viewed as
 *  - 'cl': the engine's own order (vectors, sequences, and images kept NHWC);
 *  - 'cf': an engine image [H, W, C] stored NCHW, as PyTorch and the ONNX convolutions have it;
 *  - 'gap': an engine vector [C] stored [C, 1, 1], what GlobalAveragePool leaves;
 *  - 'cfflat': an engine Flatten of an image (H, W, C order) that ONNX flattened as C, H, W: the
 *    Dense reading it takes its weight rows permuted, so the numbers stay identical.
 */
import type { Shape } from '../../layers/types'
import type { Weight } from '../../export/onnx/types'
import type { OnnxNode } from './read'

export type Layout = 'cl' | 'cf' | 'gap' | 'cfflat'

export interface ImportValue {
  /** The Deepwire node producing it. */
  id: string
  /** Its engine (channels-last, per-sample) shape. */
  shape: Shape
  layout: Layout
  /** 'cfflat': the image [H, W, C] that was flattened. */
  image?: Shape
}

export interface ConstantTensor {
  data: Float32Array
  dims: number[]
}

export interface OnnxImportContext {
  readonly node: OnnxNode
  /** The default domain's opset version of the file. */
  readonly opset: number
  /** The graph value feeding input `i`; fails when it is a constant or missing. */
  input(i: number): ImportValue
  /** True when input `i` is an initializer or a Constant node's output. */
  isConstant(i: number): boolean
  /** Input `i`'s values when it is a float constant, else null ('' or absent inputs are null). */
  floats(i: number): ConstantTensor | null
  /** A float constant by tensor name (for fused nodes' inputs), else null. */
  constantByName(name: string): ConstantTensor | null
  /** Input `i`'s values when it is an integer constant (a shape, axes), else null. */
  ints(i: number): number[] | null
  /** Input `i`'s dims when it is a stored constant tensor ([] for a scalar), else null. */
  constantDims(i: number): number[] | null
  int(name: string, fallback: number): number
  ints_(name: string, fallback: number[]): number[]
  float(name: string, fallback: number): number
  string(name: string, fallback: string): string
  /** Every node reading the tensor `name` (a graph output counts as an '(output)' reader). */
  readersOf(name: string): OnnxNode[]
  /** An integer constant (axes, a perm) by tensor name, else null. */
  intsByName(name: string): number[] | null
  /** True when input `i` is all zeros of a batch-sized shape (ConstantOfShape of Shape arithmetic). */
  isZeros(i: number): boolean
  /** The node reading this node's (first) output when it is the only reader, for fusing. */
  soleConsumer(): OnnxNode | null
  /** Refuses the node: the import fails with this sentence on the node's line. */
  fail(why: string): never
}

export interface Recognised {
  params: Record<string, unknown>
  /** The tfjs layer's weights by Keras name ('kernel', 'bias', 'moving_mean' …), in tfjs shapes. */
  weights?: Record<string, Weight>
  /** ONNX inputs that are graph edges, in order (default: input 0). */
  edges?: number[]
  /** Later nodes folded into this layer (MatMul + Add); the last one's output is the layer's. */
  fused?: OnnxNode[]
  /** The output's layout; by default that of input 0. */
  layout?: Layout
  /** Something the user should know about this node's import, printed among the warnings. */
  warning?: string
}

/** A layer's ONNX recogniser: `recognise` returns null when the node is not this layer's pattern. */
export interface OnnxRecogniser {
  ops: readonly string[]
  recognise(ctx: OnnxImportContext): Recognised | null
}
