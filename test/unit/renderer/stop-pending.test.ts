import { describe, expect, it, vi } from 'vitest'
import type { GraphDoc } from '../../../engine/graph/schema'

// an engine that names the run only when told to, and records what the page asks of it
const engine = vi.hoisted(() => ({
  calls: [] as { channel: string; args: unknown }[],
  answer: null as ((r: { runId: string }) => void) | null,
}))
vi.mock('../../../renderer/src/api', () => ({
  api: {
    on: () => () => {},
    invoke: (channel: string, args: unknown) => {
      engine.calls.push({ channel, args })
      return channel === 'train:start'
        ? new Promise((resolve) => (engine.answer = resolve))
        : Promise.resolve({ ok: true })
    },
  },
}))

describe('Stop before the engine has named the run', () => {
  it('is sent as soon as the run has an id, not dropped', async () => {
    const { useTraining } = await import('../../../renderer/src/store/training')
    const started = useTraining.getState().start({} as GraphDoc, {})
    useTraining.getState().control('stop')
    expect(engine.calls.map((c) => c.channel)).toEqual(['train:start'])
    engine.answer!({ runId: 'r1' })
    await started
    expect(engine.calls.at(-1)).toEqual({ channel: 'train:control', args: { runId: 'r1', action: 'stop' } })
  })
})
