import { describe, expect, it } from 'vitest'
import type * as tfTypes from '@tensorflow/tfjs'
import type { GraphDocInput } from '../../../engine/graph/schema'
import { decodeCheckpoint, encodeCheckpoint, type Checkpoint } from '../../../engine/train/checkpoint'
import { mlp, trainInProcess } from '../../helpers/train'
import { countedReplicas } from './parallel-replicas'

const weightsOf = (model: tfTypes.LayersModel) =>
  model.weights.map((w) => ({ name: w.originalName, v: w.read().dataSync() as Float32Array }))

/** Largest difference relative to the tensor's largest magnitude, over all weights. */
function maxRelativeDiff(a: ReturnType<typeof weightsOf>, b: ReturnType<typeof weightsOf>) {
  let worst = 0
  a.forEach(({ v }, i) => {
    let scale = 0
    let diff = 0
    for (let j = 0; j < v.length; j++) {
      scale = Math.max(scale, Math.abs(v[j]))
      diff = Math.max(diff, Math.abs(v[j] - b[i].v[j]))
    }
    worst = Math.max(worst, diff / Math.max(scale, 1e-12))
  })
  return worst
}

describe('data-parallel training (real replica threads, wasm)', () => {
  // Adam divides by the root of the squared gradients, which magnifies rounding differences in
  // the averaged gradient of weights whose gradient is near zero: 10 steps with Adam, 3 epochs
  // (15 steps) with momentum
  for (const [type, maxBatches] of [
    ['momentum', undefined],
    ['adam', 10],
  ] as const)
    it(`2 workers take the same steps as 1 on an MLP (${type})`, async () => {
      const g = mlp(2, 16, 2, 'moons')
      const settings = { optimizer: { type, lr: 0.05 }, batchSize: 64, epochs: 3, seed: 3 }
      const one = await trainInProcess(g, { ...settings, workers: 1 }, { maxBatches })
      const { factory, count } = countedReplicas()
      const two = await trainInProcess(g, { ...settings, workers: 2 }, { replicas: factory, maxBatches })

      expect(two.events[0]).toMatchObject({
        type: 'run-started',
        backendDetail: expect.stringMatching(/× 2 workers, data-parallel$/),
      })
      // every epoch end and the run's end compared the replica's weight bits with the leader's
      expect(two.history).toHaveLength(maxBatches ? 2 : 3)
      expect(count).toEqual({ spawned: 1, exited: 1 })
      expect(maxRelativeDiff(weightsOf(one.model), weightsOf(two.model))).toBeLessThan(1e-5)
      const losses = (r: typeof one) => r.events.flatMap((e) => (e.type === 'batch-end' ? [e.loss] : []))
      const l1 = losses(one)
      const l2 = losses(two)
      expect(l2).toHaveLength(l1.length)
      l1.forEach((l, i) => expect(Math.abs(l2[i] - l) / l).toBeLessThan(1e-5))
      two.history.forEach((h, i) =>
        expect(h.metrics.accuracy).toBeCloseTo(one.history[i].metrics.accuracy, 5),
      )
    })

  const convBn: GraphDocInput = {
    format: 'deepwire-graph',
    version: 2,
    nodes: [
      { id: 'in', type: 'Input', params: { shape: [16, 16, 3] } },
      { id: 'c1', type: 'Conv2D', params: { filters: 8, kernelSize: 3, padding: 'same' } },
      { id: 'bn', type: 'BatchNorm' },
      { id: 'act', type: 'ReLU' },
      { id: 'mask', type: 'Conv2D', params: { filters: 1, kernelSize: 3, padding: 'same' } },
    ],
    edges: [
      { source: 'in', target: 'c1' },
      { source: 'c1', target: 'bn' },
      { source: 'bn', target: 'act' },
      { source: 'act', target: 'mask' },
    ],
    training: {
      dataset: { name: 'shapes', size: [16, 16], samples: 160 },
      loss: 'binary-cross-entropy',
      optimizer: { type: 'adam', lr: 0.01 },
      batchSize: 32,
      epochs: 3,
      workers: 2,
    },
  }

  it('conv + BatchNorm on 2 workers: the loss falls and the moving statistics stay identical', async () => {
    const { factory, count } = countedReplicas()
    const r = await trainInProcess(convBn, {}, { replicas: factory })
    expect(r.history.at(-1)!.loss).toBeLessThan(0.8 * r.history[0].loss)
    // the replica's moving mean and variance were averaged into the leader's after every step
    // and their bits were compared at each epoch end; here they must also have moved from 0 and 1
    const mean = r.model.weights.find((w) => w.originalName.endsWith('moving_mean'))!
    expect(Math.max(...Array.from(mean.read().dataSync()).map(Math.abs))).toBeGreaterThan(1e-3)
    expect(count).toEqual({ spawned: 1, exited: 1 })
  })

  it('resuming a 2-worker run from a checkpoint continues it exactly', async () => {
    const g = mlp(2, 8, 2, 'moons')
    // momentum, because tfjs's Adam restores its running β powers with a rounding difference
    // (on one worker too: weights then differ by ~5e-7)
    const settings = { optimizer: { type: 'momentum', lr: 0.05 }, epochs: 4, seed: 7, workers: 2 }
    const full = await trainInProcess(g, settings, { replicas: countedReplicas().factory })
    const saved: Checkpoint[] = []
    await trainInProcess(
      g,
      { ...settings, epochs: 2 },
      { replicas: countedReplicas().factory, keep: (c) => saved.push(c) },
    )
    const ckpt = decodeCheckpoint(encodeCheckpoint(saved.at(-1)!))
    expect(ckpt.meta.training.workers).toBe(2)
    const resumed = await trainInProcess(g, settings, { resume: ckpt, replicas: countedReplicas().factory })
    expect(resumed.history.map((h) => h.epoch)).toEqual([1, 2, 3, 4])
    // the replica restored the same checkpoint as the leader (weights and Adam's moments), and
    // batches, shuffles and parts depend only on the seed and the epoch: bit for bit the same
    const a = weightsOf(full.model)
    const b = weightsOf(resumed.model)
    a.forEach(({ v }, i) => expect(Array.from(b[i].v)).toEqual(Array.from(v)))
  })
})
