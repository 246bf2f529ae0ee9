/**
 * Weight and gradient histograms: the statistics themselves, and that a training run streams
 * one event per epoch in which a deep sigmoid stack shows the course's vanishing gradients.
 */
import { describe, expect, it } from 'vitest'
import { histogram } from '../../../engine/train/histograms'
import type { TrainEvent } from '../../../engine/protocol'
import { chain } from '../../helpers/graph'
import { mlp, trainInProcess } from '../../helpers/train'

type Hist = Extract<TrainEvent, { type: 'histograms' }>

describe('histogram', () => {
  it('bins, moments and norm of known values', () => {
    const h = histogram([0, 1, 2, 3, 4, 5], 3)
    expect(h.counts).toEqual([2, 2, 2])
    expect([h.min, h.max, h.mean]).toEqual([0, 5, 2.5])
    expect(h.std).toBeCloseTo(Math.sqrt(35 / 12), 10)
    expect(h.norm).toBeCloseTo(Math.sqrt(55), 10)
  })
  it('puts the maximum in the last bin and a constant tensor in the first', () => {
    expect(histogram([0, 0.5, 1], 2).counts).toEqual([1, 2])
    expect(histogram([0.1, 0.1, 0.1], 4).counts).toEqual([3, 0, 0, 0])
    expect(histogram([], 2)).toMatchObject({ counts: [0, 0], norm: 0 })
  })
})

describe('histograms during training', () => {
  it('one event per epoch, per trainable weight, named after its graph node', async () => {
    const r = await trainInProcess(mlp(2, 8, 2, 'xor'), { epochs: 3 })
    const hs = r.events.filter((e): e is Hist => e.type === 'histograms')
    expect(hs.map((h) => h.epoch)).toEqual([1, 2, 3])
    expect(hs[0].layers.map((l) => `${l.node}/${l.param}`)).toEqual([
      'h/kernel',
      'h/bias',
      'out/kernel',
      'out/bias',
    ])
    const kernel = hs[2].layers[0]
    expect(kernel.shape).toEqual([2, 8])
    expect(kernel.weights.counts.reduce((a, b) => a + b, 0)).toBe(16)
    // the histogram describes the trained weights, not the initial ones
    const w = r.model.getWeights()[0].dataSync()
    expect(kernel.weights.norm).toBeCloseTo(Math.hypot(...w), 4)
    expect(kernel.grads.norm).toBeGreaterThan(0)
    // each epoch's event follows its epoch-end event
    const order = r.events.map((e) => e.type).filter((t) => t === 'epoch-end' || t === 'histograms')
    expect(order).toEqual(['epoch-end', 'histograms', 'epoch-end', 'histograms', 'epoch-end', 'histograms'])
  })

  it('shows gradients vanishing through a deep stack of sigmoids', async () => {
    const depth = 8
    const g = chain(
      [2],
      ...Array.from({ length: depth }, () => ({
        type: 'Dense',
        params: { units: 16, activation: 'sigmoid' },
      })),
      { type: 'Dense', params: { units: 2 } },
    )
    g.training = { dataset: { name: 'xor' }, loss: 'cross-entropy', epochs: 1, batchSize: 32 }
    const r = await trainInProcess(g)
    const h = r.events.find((e): e is Hist => e.type === 'histograms')!
    const kernels = h.layers.filter((l) => l.param === 'kernel')
    expect(kernels.map((k) => k.node)).toEqual([
      ...Array.from({ length: depth }, (_, i) => `l${i + 1}`),
      `l${depth + 1}`,
    ])
    // sigmoid' ≤ 1/4: every layer further from the loss sees a smaller gradient
    const first = kernels[0].grads.norm
    const last = kernels[depth - 1].grads.norm
    expect(first).toBeGreaterThan(0)
    expect(first).toBeLessThan(last / 100)
  })
})
