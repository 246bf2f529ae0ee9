/**
 * The one tfjs layer behind every generic operator node. Its config is the operator's kind and
 * parameters; the kernel and shape rule come from the operator's registry entry, which files them
 * here when it is defined (define.ts), so a saved model.json reloads by kind once the registry is
 * loaded and `registerCustomLayers(tf)` has run. Kernels are plain tfjs ops, so gradients flow
 * through them and graphs of operators train like any other.
 */
import type * as tfTypes from '@tensorflow/tfjs'
import { list, shapeList, type LayerArgs, type ShapeLike } from '../tf-layer'
import type { Shape, Tf } from '../types'

type Tensor = tfTypes.Tensor
export type OpParams = Record<string, unknown>

export interface OperatorKernel {
  /** The operator on whole batches (batch axis first, engine layout). */
  kernel(tf: Tf, xs: Tensor[], p: OpParams): Tensor
  /** The registry's shape rule on per-sample shapes. */
  outputShape(p: OpParams, inputs: Shape[]): Shape
}

/**
 * By lower-case kind: tfjs snake-cases every string of a layer config when it saves a model
 * ('ReduceMean' would come back 'reduce_mean'), and leaves lower-case words alone. The
 * parameters hold numbers, lists and booleans only, whose camelCase keys survive the round trip.
 */
const kernels = new Map<string, OperatorKernel>()

export function fileOperatorKernel(kind: string, k: OperatorKernel): void {
  kernels.set(kind.toLowerCase(), k)
}

export interface OperatorArgs extends LayerArgs {
  op: string
  params: OpParams
}

const cache = new WeakMap<Tf, new (args: OperatorArgs) => tfTypes.layers.Layer>()

export function operatorLayer(tf: Tf): new (args: OperatorArgs) => tfTypes.layers.Layer {
  const hit = cache.get(tf)
  if (hit) return hit

  class Operator extends tf.layers.Layer {
    static className = 'DeepwireOperator'
    readonly op: string
    readonly params: OpParams
    private readonly k: OperatorKernel
    constructor(args: OperatorArgs) {
      super(args)
      const k = kernels.get(args.op.toLowerCase())
      if (!k) throw new Error(`DeepwireOperator: unknown operator '${args.op}'`)
      this.op = args.op.toLowerCase()
      this.params = structuredClone(args.params)
      this.k = k
    }
    override computeOutputShape(inputShape: ShapeLike | ShapeLike[]): ShapeLike {
      const shapes = shapeList(inputShape)
      return [
        shapes[0][0],
        ...this.k.outputShape(
          this.params,
          shapes.map((s) => s.slice(1) as number[]),
        ),
      ]
    }
    override call(inputs: Tensor | Tensor[]): Tensor {
      return tf.tidy(() => this.k.kernel(tf, list(inputs), this.params))
    }
    override getConfig() {
      return {
        ...super.getConfig(),
        op: this.op,
        params: this.params as tfTypes.serialization.ConfigDict,
      }
    }
  }

  tf.serialization.registerClass(Operator)
  cache.set(tf, Operator)
  return Operator
}
