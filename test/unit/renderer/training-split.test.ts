import { describe, expect, it, vi } from 'vitest'
import type { TrainEvent } from '../../../engine/protocol'

// the store listens to the engine through the api module: capture its event handler
const handlers = vi.hoisted(() => new Map<string, (payload: unknown) => void>())
vi.mock('../../../renderer/src/api', () => ({
  api: { on: (channel: string, fn: (payload: unknown) => void) => handlers.set(channel, fn) },
}))

describe('the training store', () => {
  it('keeps which split a run validates on, from its run-started event', async () => {
    const { useTraining } = await import('../../../renderer/src/store/training')
    const event: TrainEvent = {
      type: 'run-started',
      backend: 'wasm',
      backendDetail: 'wasm',
      dataset: {
        name: 'fashion-mnist',
        task: 'classification',
        size: 70_000,
        train: 60_000,
        val: 10_000,
        split: 'official',
        inputShape: [28, 28, 1],
      },
      trainableParams: 1,
      epochs: 1,
      startEpoch: 0,
      batchesPerEpoch: 1,
    }
    handlers.get('train:event')!({ runId: null, event })
    expect(useTraining.getState().split).toEqual({ kind: 'official', train: 60_000, val: 10_000 })
  })
})
