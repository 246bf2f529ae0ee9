/**
 * ResNet-18 trains on wasm: the preset (BN, residual adds, 1×1 shortcuts, every gradient kernel)
 * fits one batch of Fashion-MNIST, resized per batch to 32×32 instead of 96×96 so the test takes
 * seconds on one wasm thread. A single full batch keeps the BatchNorm statistics the same from step
 * to step, so the loss falls steadily instead of jumping around as it does on small random batches.
 */
import { describe, expect, it } from 'vitest'
import { trainInProcess } from '../../helpers/train'
import { presetDoc, withInputSize } from './presets'

describe('ResNet-18', () => {
  it('loss falls on one batch', async () => {
    const r = await trainInProcess(withInputSize(presetDoc('resnet18'), 32), {
      dataset: { name: 'fashion-mnist', limit: 32 },
      optimizer: { type: 'adam', lr: 0.001 },
      batchSize: 32,
      epochs: 4,
      split: 'holdout',
      validationSplit: 0,
    })
    const losses = r.history.map((h) => h.loss)
    expect(losses).toHaveLength(4)
    // measured 2.9 → 0.2 → 0.06 → 0.01
    expect(losses[3]).toBeLessThan(0.3 * losses[0])
  })
})
