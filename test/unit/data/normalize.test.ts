import { describe, expect, it } from 'vitest'
import { batchTensors } from '../../../engine/data/augment'
import { gatherBatch } from '../../../engine/data/batches'
import { IMAGENET_STATS, channelStats, parseNormalize } from '../../../engine/data/normalize'
import { loadDataset } from '../../../engine/data/registry'
import { trainingSchema } from '../../../engine/graph/schema'
import { tf } from '../../helpers/train'

describe('per-channel normalisation of images', () => {
  it("feeds the model (x/255 − mean[c]) / std[c] with ImageNet's values, resized to the model's input", async () => {
    const ds = await loadDataset('plaids', { samples: 8 })
    const cfg = trainingSchema.parse({ dataset: { name: 'plaids', normalize: 'imagenet' } })
    // a 16×16 dataset into a 32×32 model: resized, then normalised
    const { x } = batchTensors(tf, ds, [16, 16, 3], cfg)(gatherBatch(ds, [0, 1], 0, 2), 2)
    const got = (await x.data()) as Float32Array
    for (const i of [0, 1, 2, 100, 767, 768 + 5])
      expect(got[i]).toBeCloseTo(
        ((ds.x[i] as number) / 255 - IMAGENET_STATS.mean[i % 3]) / IMAGENET_STATS.std[i % 3],
        5,
      )
    const resized = batchTensors(tf, ds, [32, 32, 3], cfg)(gatherBatch(ds, [0], 0, 1), 1).x
    expect(resized.shape).toEqual([1, 32, 32, 3])
    // half-pixel bilinear of a constant-offset normalisation: the mean stays where it was
    expect(((await resized.mean().data()) as Float32Array)[0]).toBeCloseTo(
      ((await x.slice([0], [1]).mean().data()) as Float32Array)[0],
      1,
    )
    tf.dispose([x, resized])
  })

  it('refuses statistics that do not fit the images, in one sentence naming the dataset', async () => {
    expect(() => channelStats({ mean: [0.5, 0.5], std: [0.2, 0.2] }, 3, 'plaids')).toThrow(
      "dataset.normalize for 'plaids' gives 2 mean and 2 std values, but its images have 3 channel(s): give one value per channel",
    )
    expect(() => channelStats('imagenet', 1, 'mnist')).toThrow(/ImageNet’s values are for RGB images/)
    expect(channelStats({ mean: [0.5], std: [0.25] }, 3, 'x')).toEqual({
      mean: [0.5, 0.5, 0.5],
      std: [0.25, 0.25, 0.25],
    })
    const ds = await loadDataset('moons', {})
    const cfg = trainingSchema.parse({ dataset: { name: 'moons', normalize: 'imagenet' } })
    expect(() => batchTensors(tf, ds, [2], cfg)).toThrow(
      /dataset.normalize works on images \[H, W, C\], but dataset 'moons'/,
    )
    expect(parseNormalize('0.1,0.2,0.3/1,2,3')).toEqual({ mean: [0.1, 0.2, 0.3], std: [1, 2, 3] })
    expect(parseNormalize('0.1/0')).toBeNull()
    expect(
      trainingSchema.safeParse({ dataset: { name: 'x', normalize: { mean: [0], std: [-1] } } }).success,
    ).toBe(false)
  })
})
