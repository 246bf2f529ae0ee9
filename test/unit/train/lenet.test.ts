import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { tf, trainInProcess } from '../../helpers/train'

describe('LeNet on the wasm backend', () => {
  it('trains on real Fashion-MNIST images: loss falls, accuracy rises well above chance', async () => {
    const lenet = JSON.parse(readFileSync('presets/lenet.json', 'utf8'))
    const r = await trainInProcess(lenet, {
      dataset: { name: 'fashion-mnist', limit: 3000 },
      optimizer: { type: 'adam', lr: 0.005 },
      batchSize: 64,
      epochs: 2,
    })
    expect(tf.getBackend()).toBe('wasm')
    expect(r.events[0]).toMatchObject({ type: 'run-started', backend: 'wasm', trainableParams: 61706 })
    expect(r.history[1].loss).toBeLessThan(r.history[0].loss)
    expect(r.history[1].valMetrics.accuracy).toBeGreaterThan(0.4)
  })
})
