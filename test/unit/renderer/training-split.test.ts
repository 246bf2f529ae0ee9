import { describe, expect, it, vi } from 'vitest'
import { runStarted } from '../../helpers/events'

// the store listens to the engine through the api module: capture its event handler
const handlers = vi.hoisted(() => new Map<string, (payload: unknown) => void>())
vi.mock('../../../renderer/src/api', () => ({
  api: { on: (channel: string, fn: (payload: unknown) => void) => handlers.set(channel, fn) },
}))

describe('the training store', () => {
  it('keeps which split a run validates on, from its run-started event', async () => {
    const { useTraining } = await import('../../../renderer/src/store/training')
    const event = runStarted()
    handlers.get('train:event')!({ runId: null, event })
    expect(useTraining.getState().split).toEqual({ kind: 'official', train: 60_000, val: 10_000 })
  })
})

describe('memory in use', () => {
  it('follows the batch events, and a new run starts without the last one’s figure', async () => {
    const { useTraining } = await import('../../../renderer/src/store/training')
    const batch = {
      type: 'batch-end',
      epoch: 1,
      batch: 1,
      batches: 2,
      loss: 1,
      metrics: {},
      samplesPerSec: 1,
      lr: 0.1,
    }
    handlers.get('train:event')!({ runId: null, event: runStarted() })
    handlers.get('train:event')!({
      runId: null,
      event: { ...batch, memoryBytes: 3 * 2 ** 20, memoryOnGpu: true },
    })
    expect(useTraining.getState().memory).toEqual({ bytes: 3 * 2 ** 20, gpu: true })
    // an event without the figure (an older engine) keeps the last one
    handlers.get('train:event')!({ runId: null, event: batch })
    expect(useTraining.getState().memory).toEqual({ bytes: 3 * 2 ** 20, gpu: true })
  })
})
