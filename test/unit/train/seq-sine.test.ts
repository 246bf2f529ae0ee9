/**
 * The course's noisy-sine regression with a recurrent model: a window of τ = 4 past values in,
 * the next value out. A GRU reading the window must beat the noise-free baseline of predicting
 * the window's last value, which is what a model that learned nothing would fall back to.
 */
import { describe, expect, it } from 'vitest'
import { loadDataset } from '../../../engine/data/registry'
import { trainInProcess } from '../../helpers/train'

describe('noisy sine with a GRU', () => {
  it('validation MSE falls below the last-value baseline', async () => {
    const ds = await loadDataset('sine', { samples: 1000 })
    expect(ds.inputShape).toEqual([4, 1])
    // baseline: x[t+1] ≈ x[t]; with noise σ = 0.2 its error is about 2σ² = 0.08
    let sq = 0
    for (let i = 0; i < ds.size; i++) sq += (ds.y[i] - ds.x[i * 4 + 3]) ** 2
    const baseline = sq / ds.size
    expect(baseline).toBeGreaterThan(0.06)
    const r = await trainInProcess({
      format: 'deepwire-graph',
      version: 2,
      nodes: [
        { id: 'in', type: 'Input', params: { shape: [4, 1] } },
        { id: 'gru', type: 'GRU', params: { units: 16, returnSequences: false } },
        { id: 'out', type: 'Dense', params: { units: 1 } },
      ],
      edges: [
        { source: 'in', target: 'gru' },
        { source: 'gru', target: 'out' },
      ],
      training: {
        dataset: { name: 'sine', samples: 1000 },
        loss: 'mse',
        optimizer: { type: 'adam', lr: 0.01 },
        batchSize: 16,
        epochs: 8,
        validationSplit: 0.2,
      },
    })
    const last = r.epochs.at(-1) as { valLoss: number }
    // the noise alone costs σ² = 0.04; a model that averages the window gets close to it
    expect(last.valLoss).toBeLessThan(baseline * 0.75)
  }, 120_000)
})
