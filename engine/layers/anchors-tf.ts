/**
 * The tfjs layer behind AnchorBoxes: it reads only its input's height and width and returns the
 * feature map's anchors for every sample. Made per tfjs instance and registered with its
 * serialisation map like the layers in custom.ts, so a saved model reloads.
 */
import type * as tfTypes from '@tensorflow/tfjs'
import { anchorsPerPixel, multiboxPrior } from '../detect/anchors'
import { firstShape, one, type LayerArgs, type ShapeLike } from './tf-layer'
import type { Tf } from './types'

export interface AnchorBoxesArgs extends LayerArgs {
  sizes: number[]
  ratios: number[]
}

function make(tf: Tf) {
  class AnchorBoxes extends tf.layers.Layer {
    static className = 'DeepwireAnchorBoxes'
    readonly sizes: number[]
    readonly ratios: number[]
    constructor(args: AnchorBoxesArgs) {
      super(args)
      this.sizes = [...args.sizes]
      this.ratios = [...args.ratios]
    }
    override computeOutputShape(inputShape: ShapeLike | ShapeLike[]): ShapeLike {
      const [b, h, w] = firstShape(inputShape)
      return [b, (h ?? 0) * (w ?? 0) * anchorsPerPixel(this.sizes, this.ratios), 4]
    }
    override call(inputs: tfTypes.Tensor | tfTypes.Tensor[]): tfTypes.Tensor {
      return tf.tidy(() => {
        const [b, h, w] = one(inputs).shape
        const a = multiboxPrior(h, w, this.sizes, this.ratios)
        // constant per feature-map size: no gradient flows into the feature map through it
        return tf.tile(tf.tensor3d(a, [1, a.length / 4, 4]), [b, 1, 1])
      })
    }
    override getConfig() {
      return { ...super.getConfig(), sizes: this.sizes, ratios: this.ratios }
    }
  }
  tf.serialization.registerClass(AnchorBoxes)
  return AnchorBoxes
}

const cache = new WeakMap<Tf, ReturnType<typeof make>>()

export function anchorBoxesLayer(tf: Tf): ReturnType<typeof make> {
  let hit = cache.get(tf)
  if (!hit) {
    hit = make(tf)
    cache.set(tf, hit)
  }
  return hit
}
