import { augmentActive, augmentImages, type AugmentConfig } from '../../../engine/data/augment'
import { rng, subSeed } from '../../../engine/data/random'

/**
 * The preview samples as a training batch would see them: the engine's own augmentation on a
 * copy, seeded by the run's seed (and `draw`, so the user can ask for another draw), in 0..1.
 */
export function augmentPreview(
  samples: readonly { x: number[] }[],
  shape: readonly number[],
  augment: AugmentConfig | undefined,
  seed: number,
  draw: number,
): number[][] | null {
  if (!augmentActive(augment) || shape.length !== 3 || samples.length === 0) return null
  const [h, w, c] = shape
  const x = Float32Array.from(samples.flatMap((s) => s.x))
  augmentImages(x, [samples.length, h, w, c], augment, rng(subSeed(seed, `preview/${draw}`)), {
    clamp: [0, 1],
  })
  const size = h * w * c
  return samples.map((_, i) => Array.from(x.subarray(i * size, (i + 1) * size)))
}
