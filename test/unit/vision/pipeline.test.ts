/**
 * The image pipeline inside the training loop: Fashion-MNIST (28×28) feeds a model with another
 * Input size through per-batch resizing, augmentation is seeded by the run, and classification
 * epochs carry the validation confusion matrix.
 */
import { describe, expect, it } from 'vitest'
import type { GraphDocInput } from '../../../engine/graph/schema'
import type { TrainEvent } from '../../../engine/protocol'
import { trainInProcess } from '../../helpers/train'

const tiny = (size: number, training: Record<string, unknown> = {}): GraphDocInput => ({
  format: 'deepwire-graph',
  version: 2,
  nodes: [
    { id: 'in', type: 'Input', params: { shape: [size, size, 1] } },
    { id: 'conv', type: 'Conv2D', params: { filters: 4, kernelSize: 3, strides: 2, activation: 'relu' } },
    { id: 'gap', type: 'GlobalAvgPool' },
    { id: 'fc', type: 'Dense', params: { units: 10 } },
  ],
  edges: [
    { source: 'in', target: 'conv' },
    { source: 'conv', target: 'gap' },
    { source: 'gap', target: 'fc' },
  ],
  training: {
    dataset: { name: 'fashion-mnist', limit: 240 },
    optimizer: { type: 'adam', lr: 0.01 },
    batchSize: 60,
    epochs: 1,
    validationSplit: 0.25,
    ...training,
  },
})

const epochEnd = (events: TrainEvent[]) =>
  events.filter((e): e is Extract<TrainEvent, { type: 'epoch-end' }> => e.type === 'epoch-end')

describe('image pipeline in training', () => {
  it('resizes 28×28 batches to a 40×40 Input and reports a confusion matrix', async () => {
    const r = await trainInProcess(tiny(40))
    const [e] = epochEnd(r.events)
    expect(Number.isFinite(e.loss)).toBe(true)
    const c = e.confusion!
    expect(c.matrix).toHaveLength(10)
    // every validation sample lands in exactly one cell (the 34 official test images of 240:
    // 240 × 1/7); the diagonal is the accuracy
    const total = c.matrix.flat().reduce((a, b) => a + b, 0)
    expect(total).toBe(34)
    const diagonal = c.matrix.reduce((a, row, i) => a + row[i], 0)
    expect(diagonal / total).toBeCloseTo(e.valMetrics.accuracy, 5)
    expect(c.classNames?.[0]).toBe('T-shirt/top')
    c.perClassAccuracy.forEach((acc, i) => {
      const row = c.matrix[i].reduce((a, b) => a + b, 0)
      expect(acc).toBe(row ? c.matrix[i][i] / row : null)
    })
    expect(r.history[0].confusion).toEqual(c)
  })

  it('explains an Input whose channels differ from the images', async () => {
    const doc = tiny(28)
    doc.nodes[0].params = { shape: [32, 32, 3] }
    await expect(trainInProcess(doc)).rejects.toThrow(
      /gives images with 1 channel\(s\) \[28×28×1\] but Input 'in' expects 3 \[32×32×3\]/,
    )
  })

  it('augments with the run seed: the same seed repeats the run, augmentation changes it', async () => {
    const augment = { flip: true, cropPadding: 3, brightness: 0.4, contrast: 0.4 }
    const losses = async (training: Record<string, unknown>) =>
      (await trainInProcess(tiny(28, training))).events.flatMap((e) =>
        e.type === 'batch-end' ? [e.loss] : [],
      )
    const a = await losses({ augment, seed: 5 })
    expect(await losses({ augment, seed: 5 })).toEqual(a)
    const plain = await losses({ seed: 5 })
    // the first batch is computed before any update, so only the augmentation can make it differ
    expect(plain[0]).not.toBe(a[0])
  })
})
