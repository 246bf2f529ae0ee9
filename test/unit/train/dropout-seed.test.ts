/**
 * Dropout masks come from the run's seed: a seeded run with dropout repeats itself exactly, each
 * step draws a fresh mask, and another seed draws other masks.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { GraphDocInput } from '../../../engine/graph/schema'
import { customLayers } from '../../../engine/layers/custom'
import { tf, trainInProcess } from '../../helpers/train'

const masks = (seed: number, calls: number) => {
  const layer = new (customLayers(tf).SeededDropout)({ rate: 0.5, seed })
  const x = tf.ones([1, 64])
  return Array.from({ length: calls }, () =>
    Array.from((layer.apply(x, { training: true }) as tf.Tensor).dataSync()),
  )
}

describe('seeded dropout', () => {
  it('a fresh mask every call, the same sequence for the same seed, another for another seed', () => {
    const [a1, a2] = masks(7, 2)
    expect(a1).not.toEqual(a2)
    expect(masks(7, 2)).toEqual([a1, a2])
    expect(masks(8, 1)[0]).not.toEqual(a1)
    // inverted dropout: survivors scaled by 1 / (1 − 0.5)
    expect(new Set(a1)).toEqual(new Set([0, 2]))
  })

  it('passes its input through outside training', () => {
    const layer = new (customLayers(tf).SeededDropout)({ rate: 0.5, seed: 1 })
    expect(Array.from((layer.apply(tf.ones([1, 8])) as tf.Tensor).dataSync())).toEqual(Array(8).fill(1))
  })

  it("the course's dropout MLP repeats its losses exactly for a seed", async () => {
    const doc = JSON.parse(readFileSync('presets/mlp-dropout.json', 'utf8')) as GraphDocInput
    const run = async (seed: number) => {
      const r = await trainInProcess(
        doc,
        { epochs: 1, seed, dataset: { name: 'fashion-mnist', limit: 600 } },
        {
          maxBatches: 3,
        },
      )
      return r.events.filter((e) => e.type === 'batch-end').map((e) => (e as { loss: number }).loss)
    }
    const a = await run(3)
    expect(a).toHaveLength(3)
    expect(await run(3)).toEqual(a)
    expect(await run(4)).not.toEqual(a)
  }, 120_000)
})
