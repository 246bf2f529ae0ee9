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
