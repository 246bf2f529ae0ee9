/**
 * tfjs layers for attention: `Attention` (dot, scaled-dot or additive scores of a query against
 * keys, averaging values) and `MultiHeadAttention` (learned Q/K/V/output projections, several
 * heads). Masked scores get −1e9 added rather than −∞, so a query whose keys are all masked
 * averages them uniformly instead of producing NaN; the exporters add the same constant.
 *
 * Attention weights for heat-maps: both layers have `attentionWeights(inputs)`, which runs the
 * layer on concrete tensors and returns softmax weights [N, Tq, Tv] (Attention) or
 * [N, heads, Tq, Tv] (MultiHeadAttention). To draw them for a trained model, build a model that
 * outputs the layer's inputs and call it:
 *
 *   const layer = model.getLayer(layerName)
 *   const feeds = tf.model({ inputs: model.inputs, outputs: layer.input }).predict(x)
 *   const weights = layer.attentionWeights([feeds].flat())
 */
import type * as tfTypes from '@tensorflow/tfjs'
import { list, shapeList as shapes, type Initializer, type LayerArgs, type ShapeLike } from './tf-layer'
import { MaskStream } from './dropout-seed'
import type { Tf } from './types'

type Tensor = tfTypes.Tensor
type Tensor2D = tfTypes.Tensor2D
type Tensor3D = tfTypes.Tensor3D

/** What a masked score gets added; large enough that softmax gives it exactly 0 in float32. */
export const MASKED = -1e9

/** [Tq, Tv] with MASKED above the diagonal: query i may look at keys 0…i only. */
export function causalMask(tq: number, tv: number): Float32Array {
  const out = new Float32Array(tq * tv)
  for (let i = 0; i < tq; i++) for (let j = i + 1; j < tv; j++) out[i * tv + j] = MASKED
  return out
}

export type Score = 'dot' | 'scaled-dot' | 'additive'

export interface AttentionArgs extends LayerArgs {
  score: Score
  causal: boolean
  /** Hidden size of the additive score's small network. */
  units: number
  init?: (index: number) => Initializer
}

export function makeAttention(tf: Tf) {
  return class Attention extends tf.layers.Layer {
    static className = 'DeepwireAttention'
    readonly score: Score
    readonly causal: boolean
    readonly units: number
    private readonly init?: AttentionArgs['init']
    private readonly vars: tfTypes.LayerVariable[] = []
    constructor(args: AttentionArgs) {
      super(args)
      this.score = args.score
      this.causal = args.causal
      this.units = args.units
      this.init = args.init
    }
    override build(inputShape: ShapeLike | ShapeLike[]): void {
      const [q, v, k] = shapes(inputShape)
      if (this.score === 'additive') {
        const init = (i: number) => this.init?.(i) ?? tf.initializers.glorotUniform({})
        this.vars.push(
          this.addWeight('query_kernel', [q[2]!, this.units], 'float32', init(0)),
          this.addWeight('key_kernel', [(k ?? v)[2]!, this.units], 'float32', init(1)),
          this.addWeight('score_kernel', [this.units, 1], 'float32', init(2)),
        )
      }
      this.built = true
    }
    override computeOutputShape(inputShape: ShapeLike | ShapeLike[]): ShapeLike {
      const [q, v] = shapes(inputShape)
      return [q[0], q[1], v[2]]
    }
    /** Softmax weights [N, Tq, Tv]. */
    attentionWeights(inputs: Tensor | Tensor[]): Tensor {
      return tf.tidy(() => {
        const [q, v, k = v] = list(inputs)
        const [n, tq, d] = q.shape as [number, number, number]
        const [, tv, dk] = k.shape as [number, number, number]
        let scores: Tensor
        if (this.score === 'additive') {
          const [wq, wk, wv] = this.vars.map((w) => w.read())
          const qh = tf.reshape(tf.matMul(tf.reshape(q, [n * tq, d]), wq as Tensor2D), [n, tq, 1, this.units])
          const kh = tf.reshape(tf.matMul(tf.reshape(k, [n * tv, dk]), wk as Tensor2D), [
            n,
            1,
            tv,
            this.units,
          ])
          // [N, Tq, Tv, U] · w → [N, Tq, Tv]
          const hidden = tf.tanh(tf.add(qh, kh))
          scores = tf.reshape(tf.matMul(tf.reshape(hidden, [-1, this.units]), wv as Tensor2D), [n, tq, tv])
        } else {
          scores = tf.matMul(q as Tensor3D, k as Tensor3D, false, true)
          if (this.score === 'scaled-dot') scores = tf.div(scores, Math.sqrt(d))
        }
        if (this.causal) scores = tf.add(scores, tf.tensor2d(causalMask(tq, tv), [tq, tv]))
        return tf.softmax(scores)
      })
    }
    override call(inputs: Tensor | Tensor[]): Tensor {
      return tf.tidy(() => {
        const [, v] = list(inputs)
        return tf.matMul(this.attentionWeights(inputs) as Tensor3D, v as Tensor3D)
      })
    }
    override getConfig() {
      return { ...super.getConfig(), score: this.score, causal: this.causal, units: this.units }
    }
  }
}

export interface MultiHeadAttentionArgs extends LayerArgs {
  heads: number
  /** Size of each head's queries, keys and values. */
  keyDim: number
  causal: boolean
  dropout: number
  /** Token id whose keys are masked (padding); −1 for none. The ids come as the last input. */
  padId: number
  kernelInit?: (index: number) => Initializer
  /** Base of the attention-dropout mask stream (dropout-seed.ts); unseeded without it. */
  seed?: number
}

/** Projection weight names, [kernel, bias] per projection, in the order the layer creates them. */
export const MHA_PROJECTIONS = ['query', 'key', 'value', 'output'] as const

export function makeMultiHeadAttention(tf: Tf) {
  return class MultiHeadAttention extends tf.layers.Layer {
    static className = 'DeepwireMultiHeadAttention'
    readonly heads: number
    readonly keyDim: number
    readonly causal: boolean
    readonly dropout: number
    readonly padId: number
    private readonly kernelInit?: MultiHeadAttentionArgs['kernelInit']
    private readonly vars = new Map<string, tfTypes.LayerVariable>()
    private readonly masks?: MaskStream
    constructor(args: MultiHeadAttentionArgs) {
      super(args)
      this.heads = args.heads
      this.keyDim = args.keyDim
      this.causal = args.causal
      this.dropout = args.dropout
      this.padId = args.padId
      this.kernelInit = args.kernelInit
      if (args.seed !== undefined) this.masks = new MaskStream(args.seed)
    }
    /** [query, keyValue (= query when absent), token ids or null]. */
    private split<T>(xs: T[]): [T, T, T | null] {
      const ids = this.padId >= 0 ? xs.at(-1)! : null
      const rest = this.padId >= 0 ? xs.slice(0, -1) : xs
      return [rest[0], rest[1] ?? rest[0], ids]
    }
    override build(inputShape: ShapeLike | ShapeLike[]): void {
      const [q, kv] = this.split(shapes(inputShape))
      const inner = this.heads * this.keyDim
      const dq = q[2]!
      const dims: Record<string, [number, number]> = {
        query: [dq, inner],
        key: [kv[2]!, inner],
        value: [kv[2]!, inner],
        output: [inner, dq],
      }
      MHA_PROJECTIONS.forEach((p, i) => {
        const init = this.kernelInit?.(i) ?? tf.initializers.glorotUniform({})
        this.vars.set(`${p}_kernel`, this.addWeight(`${p}_kernel`, dims[p], 'float32', init))
        this.vars.set(
          `${p}_bias`,
          this.addWeight(`${p}_bias`, [dims[p][1]], 'float32', tf.initializers.zeros()),
        )
      })
      this.built = true
    }
    override computeOutputShape(inputShape: ShapeLike | ShapeLike[]): ShapeLike {
      return [...shapes(inputShape)[0]]
    }
    private project(x: Tensor, which: (typeof MHA_PROJECTIONS)[number]): Tensor {
      const kernel = this.vars.get(`${which}_kernel`)!.read() as tfTypes.Tensor2D
      const bias = this.vars.get(`${which}_bias`)!.read()
      const [n, t, d] = x.shape
      const y = tf.add(tf.matMul(tf.reshape(x, [n * t, d]), kernel), bias)
      return tf.reshape(y, [n, t, kernel.shape[1]])
    }
    /** [N, T, heads·k] → [N, heads, T, k] */
    private splitHeads(x: Tensor): Tensor {
      const [n, t] = x.shape
      return tf.transpose(tf.reshape(x, [n, t, this.heads, this.keyDim]), [0, 2, 1, 3])
    }
    private forward(inputs: Tensor[], training: boolean) {
      const [q, kv, ids] = this.split(inputs)
      const [n, tq] = q.shape as [number, number]
      const tv = kv.shape[1]!
      const Q = this.splitHeads(this.project(q, 'query'))
      const K = this.splitHeads(this.project(kv, 'key'))
      const V = this.splitHeads(this.project(kv, 'value'))
      let scores = tf.div(tf.matMul(Q, K, false, true), Math.sqrt(this.keyDim))
      if (this.causal) scores = tf.add(scores, tf.tensor2d(causalMask(tq, tv), [tq, tv]))
      if (ids) {
        const pad = tf.cast(tf.equal(tf.cast(ids, 'float32'), this.padId), 'float32')
        scores = tf.add(scores, tf.reshape(tf.mul(pad, MASKED), [n, 1, 1, tv]))
      }
      const weights = tf.softmax(scores)
      const dropped =
        training && this.dropout > 0
          ? tf.dropout(weights, this.dropout, undefined, this.masks?.next())
          : weights
      const merged = tf.reshape(tf.transpose(tf.matMul(dropped, V), [0, 2, 1, 3]), [
        n,
        tq,
        this.heads * this.keyDim,
      ])
      return { output: this.project(merged, 'output'), weights }
    }
    /** Softmax weights [N, heads, Tq, Tv], as inference sees them (no dropout). */
    attentionWeights(inputs: Tensor | Tensor[]): Tensor {
      return tf.tidy(() => this.forward(list(inputs), false).weights)
    }
    override call(inputs: Tensor | Tensor[], kwargs: Record<string, unknown>): Tensor {
      return tf.tidy(() => this.forward(list(inputs), kwargs.training === true).output)
    }
    override getConfig() {
      return {
        ...super.getConfig(),
        heads: this.heads,
        keyDim: this.keyDim,
        causal: this.causal,
        dropout: this.dropout,
        padId: this.padId,
      }
    }
  }
}
