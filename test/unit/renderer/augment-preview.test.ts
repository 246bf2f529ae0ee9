/** The Data panel's augmented view runs the engine's augmentation on a copy, seeded. */
import { describe, expect, it } from 'vitest'
import { trainingSchema } from '../../../engine/graph/schema'
import { augmentPreview } from '../../../renderer/src/data/augment-preview'

const samples = Array.from({ length: 3 }, (_, s) => ({
  x: Array.from({ length: 6 * 6 * 3 }, (_, i) => ((i * 7 + s * 13) % 10) / 10),
}))
const augment = trainingSchema.parse({ augment: { resizedCrop: true, hue: 0.2, saturation: 0.4 } }).augment

describe('augmentPreview', () => {
  it('shows nothing without augmentation', () => {
    expect(augmentPreview(samples, [6, 6, 3], trainingSchema.parse({}).augment, 1, 0)).toBeNull()
  })
  it('is the same for a seed and draw, another for another draw, and leaves the samples as they are', () => {
    const before = samples.map((s) => [...s.x])
    const a = augmentPreview(samples, [6, 6, 3], augment, 1, 0)!
    expect(a).toHaveLength(3)
    expect(a[0]).toHaveLength(108)
    expect(augmentPreview(samples, [6, 6, 3], augment, 1, 0)).toEqual(a)
    expect(augmentPreview(samples, [6, 6, 3], augment, 1, 1)).not.toEqual(a)
    expect(a).not.toEqual(before)
    expect(samples.map((s) => s.x)).toEqual(before)
  })
})
