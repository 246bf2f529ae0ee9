/**
 * tfjs layers for the Transformer's per-position pieces: the fixed sinusoidal encoding, a learned
 * position embedding (both added to a [T, d] sequence) and the position-wise feed-forward network,
 * kept as one layer so its four weights sit under the node's own tfjs layer name.
 */
import type * as tfTypes from '@tensorflow/tfjs'
import { firstShape, one, type Initializer, type LayerArgs, type ShapeLike } from './tf-layer'
import type { Tf } from './types'

type Tensor = tfTypes.Tensor

/**
 * The Transformer's table P[t, 2i] = sin(t / 10000^(2i/d)), P[t, 2i+1] = cos(t / 10000^(2i/d)),
 * computed in float64 and rounded once, as the exporters' copies are.
 */
export function sinusoidTable(steps: number, d: number): Float32Array {
  const out = new Float32Array(steps * d)
  for (let t = 0; t < steps; t++)
    for (let j = 0; j < d; j++) {
      const angle = t / Math.pow(10000, (j - (j % 2)) / d)
      out[t * d + j] = j % 2 === 0 ? Math.sin(angle) : Math.cos(angle)
    }
  return out
}

export interface PositionalEncodingArgs extends LayerArgs {
  /** Multiply the input by √d first, as the Transformer does with its embeddings. */
  scaleInput: boolean
}

export function makePositionalEncoding(tf: Tf) {
  return class PositionalEncoding extends tf.layers.Layer {
    static className = 'DeepwirePositionalEncoding'
    readonly scaleInput: boolean
    constructor(args: PositionalEncodingArgs) {
      super(args)
      this.scaleInput = args.scaleInput
    }
    override call(inputs: Tensor | Tensor[]): Tensor {
      return tf.tidy(() => {
        const x = one(inputs)
        const [, steps, d] = x.shape
        const scaled = this.scaleInput ? tf.mul(x, Math.sqrt(d)) : x
        return tf.add(scaled, tf.tensor2d(sinusoidTable(steps, d), [steps, d]))
      })
    }
    override getConfig() {
      return { ...super.getConfig(), scaleInput: this.scaleInput }
    }
  }
}

export interface PositionEmbeddingArgs extends LayerArgs {
  maxLength: number
  init?: Initializer
}

export function makePositionEmbedding(tf: Tf) {
  return class PositionEmbedding extends tf.layers.Layer {
    static className = 'DeepwirePositionEmbedding'
    readonly maxLength: number
    private readonly init?: Initializer
    private table?: tfTypes.LayerVariable
    constructor(args: PositionEmbeddingArgs) {
      super(args)
      this.maxLength = args.maxLength
      this.init = args.init
    }
    override build(inputShape: ShapeLike | ShapeLike[]): void {
      const d = firstShape(inputShape)[2]!
      const init = this.init ?? tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05 })
      this.table = this.addWeight('embeddings', [this.maxLength, d], 'float32', init)
      this.built = true
    }
    override call(inputs: Tensor | Tensor[]): Tensor {
      return tf.tidy(() => {
        const x = one(inputs)
        const [, steps, d] = x.shape
        return tf.add(x, tf.slice(this.table!.read(), [0, 0], [steps, d]))
      })
    }
    override getConfig() {
      return { ...super.getConfig(), maxLength: this.maxLength }
    }
  }
}

export type FeedForwardActivation = 'relu' | 'gelu' | 'tanh' | 'sigmoid' | 'swish' | 'linear'

export interface FeedForwardArgs extends LayerArgs {
  hidden: number
  activation: FeedForwardActivation
  kernelInit?: (index: number) => Initializer
}

export function makeFeedForward(tf: Tf) {
  return class FeedForward extends tf.layers.Layer {
    static className = 'DeepwireFeedForward'
    readonly hidden: number
    readonly activation: FeedForwardActivation
    private readonly kernelInit?: FeedForwardArgs['kernelInit']
    private readonly act: tfTypes.layers.Layer
    private readonly vars: tfTypes.LayerVariable[] = []
    constructor(args: FeedForwardArgs) {
      super(args)
      this.hidden = args.hidden
      this.activation = args.activation
      this.kernelInit = args.kernelInit
      // tfjs' own activation functions (exact erf GELU, x·σ(x) swish), applied eagerly in call
      this.act = tf.layers.activation({ activation: args.activation })
    }
    override build(inputShape: ShapeLike | ShapeLike[]): void {
      const d = firstShape(inputShape).at(-1)!
      const kernel = (i: number) => this.kernelInit?.(i) ?? tf.initializers.glorotUniform({})
      const zeros = tf.initializers.zeros()
      this.vars.push(
        this.addWeight('kernel_1', [d, this.hidden], 'float32', kernel(0)),
        this.addWeight('bias_1', [this.hidden], 'float32', zeros),
        this.addWeight('kernel_2', [this.hidden, d], 'float32', kernel(1)),
        this.addWeight('bias_2', [d], 'float32', zeros),
      )
      this.built = true
    }
    override call(inputs: Tensor | Tensor[]): Tensor {
      return tf.tidy(() => {
        const x = one(inputs)
        const [k1, b1, k2, b2] = this.vars.map((v) => v.read())
        const flat = tf.reshape(x, [-1, x.shape.at(-1)!])
        const hidden = this.act.apply(tf.add(tf.matMul(flat, k1 as tfTypes.Tensor2D), b1)) as Tensor
        const y = tf.add(tf.matMul(hidden as tfTypes.Tensor2D, k2 as tfTypes.Tensor2D), b2)
        return tf.reshape(y, x.shape)
      })
    }
    override getConfig() {
      return { ...super.getConfig(), hidden: this.hidden, activation: this.activation }
    }
  }
}
