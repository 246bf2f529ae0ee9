/**
 * The few tfjs layers Deepwire writes itself, for behaviour tfjs 4.22 lacks:
 *  - ConstantPad: symmetric padding of every spatial axis with zeros or −∞. tfjs has no
 *    ZeroPadding1D, and PyTorch's max pooling pads with −∞ (a zero pad would beat negative inputs).
 *  - ScaledELU: ELU with α ≠ 1; tfjs' ELU layer throws NotImplementedError for any other α.
 *  - SeededDropout: dropout whose masks come from a seeded stream (dropout-seed.ts).
 * The classes are made per tfjs instance (the engine never imports tfjs itself) and registered
 * with its serialisation map, so saved models reload once `registerCustomLayers(tf)` has run.
 */
import type * as tfTypes from '@tensorflow/tfjs'
import { anchorBoxesLayer } from './anchors-tf'
import { seqLayers } from './custom-seq'
import { MaskStream } from './dropout-seed'
import { operatorLayer } from './ops/operator-tf'
import { firstShape, one, type LayerArgs, type ShapeLike } from './tf-layer'
import type { Tf } from './types'

export type PadFill = 'zero' | 'min'

export interface ConstantPadArgs extends LayerArgs {
  /** [before, after] for each axis after the batch axis, in order; later axes are not padded. */
  pads: [number, number][]
  fill: PadFill
}
export interface ScaledEluArgs extends LayerArgs {
  alpha: number
}

export interface SeededDropoutArgs extends LayerArgs {
  rate: number
  /** Base of the layer's mask stream (the node's seed). */
  seed: number
}

export interface CustomLayers {
  ConstantPad: new (args: ConstantPadArgs) => tfTypes.layers.Layer
  ScaledELU: new (args: ScaledEluArgs) => tfTypes.layers.Layer
  SeededDropout: new (args: SeededDropoutArgs) => tfTypes.layers.Layer
}

type Tensor = tfTypes.Tensor

const cache = new WeakMap<Tf, CustomLayers>()

export function customLayers(tf: Tf): CustomLayers {
  const hit = cache.get(tf)
  if (hit) return hit

  class ConstantPad extends tf.layers.Layer {
    static className = 'DeepwireConstantPad'
    readonly pads: [number, number][]
    readonly fill: PadFill
    constructor(args: ConstantPadArgs) {
      super(args)
      this.pads = args.pads.map(([a, b]) => [a, b])
      this.fill = args.fill
    }
    override computeOutputShape(inputShape: ShapeLike | ShapeLike[]): ShapeLike {
      return firstShape(inputShape).map((n, i) => {
        const pad = this.pads[i - 1]
        return i === 0 || !pad || n === null ? n : n + pad[0] + pad[1]
      })
    }
    override call(inputs: Tensor | Tensor[]): Tensor {
      return tf.tidy(() => {
        const x = one(inputs)
        const paddings = x.shape.map((_, i): [number, number] =>
          i === 0 ? [0, 0] : (this.pads[i - 1] ?? [0, 0]),
        )
        return tf.pad(x, paddings, this.fill === 'min' ? -Infinity : 0)
      })
    }
    override getConfig() {
      return { ...super.getConfig(), pads: this.pads, fill: this.fill }
    }
  }

  class ScaledELU extends tf.layers.Layer {
    static className = 'DeepwireScaledELU'
    readonly alpha: number
    constructor(args: ScaledEluArgs) {
      super(args)
      this.alpha = args.alpha
    }
    override call(inputs: Tensor | Tensor[]): Tensor {
      // relu(x) + α·elu(min(x, 0)) rather than where(x > 0, …): exp never sees large positive x,
      // so the gradient of the unused branch cannot turn into 0·∞ = NaN
      return tf.tidy(() => {
        const x = one(inputs)
        return tf.add(tf.relu(x), tf.mul(tf.elu(tf.minimum(x, 0)), this.alpha))
      })
    }
    override getConfig() {
      return { ...super.getConfig(), alpha: this.alpha }
    }
  }

  class SeededDropout extends tf.layers.Layer {
    static className = 'DeepwireSeededDropout'
    readonly rate: number
    readonly seed: number
    private readonly masks: MaskStream
    constructor(args: SeededDropoutArgs) {
      super(args)
      this.rate = args.rate
      this.seed = args.seed
      this.masks = new MaskStream(args.seed)
    }
    override call(inputs: Tensor | Tensor[], kwargs: Record<string, unknown>): Tensor {
      const x = one(inputs)
      if (kwargs.training !== true || this.rate === 0) return tf.clone(x)
      return tf.dropout(x, this.rate, undefined, this.masks.next())
    }
    override getConfig() {
      return { ...super.getConfig(), rate: this.rate, seed: this.seed }
    }
  }

  tf.serialization.registerClass(ConstantPad)
  tf.serialization.registerClass(ScaledELU)
  tf.serialization.registerClass(SeededDropout)
  const made: CustomLayers = { ConstantPad, ScaledELU, SeededDropout }
  cache.set(tf, made)
  return made
}

/** Call before `tf.loadLayersModel` so models using these layers deserialise. */
export function registerCustomLayers(tf: Tf): void {
  customLayers(tf)
  seqLayers(tf)
  anchorBoxesLayer(tf)
  operatorLayer(tf)
}
