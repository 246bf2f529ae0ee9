/**
 * One-click comparisons: the runs train one after another through the Training store, each only
 * once the one before has finished, and the comparison gives up on a failed or stopped run.
 */
import { describe, expect, it, vi } from 'vitest'
import { readFileSync } from 'node:fs'
import type { GraphDoc } from '../../../engine/graph/schema'
import type { TrainEvent } from '../../../engine/protocol'

const engine = vi.hoisted(() => ({
  starts: [] as { overrides: unknown }[],
  listener: null as ((p: { runId: string; event: TrainEvent }) => void) | null,
  /** How run n (1-based) ends. */
  outcome: (_n: number): TrainEvent => ({ type: 'finished', reason: 'completed', epochs: 1, history: [] }),
}))
vi.mock('../../../renderer/src/api', () => ({
  api: {
    on: (_channel: string, f: (p: { runId: string; event: TrainEvent }) => void) => {
      engine.listener = f
      return () => {}
    },
    invoke: async (channel: string, args: { overrides: unknown }) => {
      if (channel === 'presets:list')
        return ['lenet', 'bn-lenet'].map((n) => ({
          file: `presets/${n}.json`,
          doc: JSON.parse(readFileSync(`presets/${n}.json`, 'utf8')),
        }))
      if (channel !== 'train:start') return { ok: true }
      engine.starts.push({ overrides: args.overrides })
      const n = engine.starts.length
      const runId = `r${n}`
      // the engine's events arrive after the answer, as over IPC
      setTimeout(() => engine.listener!({ runId, event: engine.outcome(n) }), 5)
      return { runId }
    },
  },
}))

describe('a one-click comparison', () => {
  it('trains its runs in turn and hands back their ids', async () => {
    const { useCourseRuns, presetDocs } = await import('../../../renderer/src/store/course-runs')
    const docs = await presetDocs(['lenet', 'bn-lenet'])
    expect(docs.map((d) => d.name)).toEqual(['LeNet-5', 'BN-LeNet'])
    const plan = docs.map((doc, i) => ({ name: doc.name, doc, overrides: { epochs: 1, seed: i } }))
    const seen: number[] = []
    const unsubscribe = useCourseRuns.subscribe((s) => seen.push(s.index))
    const ids = await useCourseRuns.getState().runAll('bn', plan)
    unsubscribe()
    expect(ids).toEqual(['r1', 'r2'])
    expect(engine.starts.map((s) => s.overrides)).toEqual([
      { epochs: 1, seed: 0 },
      { epochs: 1, seed: 1 },
    ])
    expect(seen).toContain(2)
    expect(useCourseRuns.getState()).toMatchObject({ status: 'done', runIds: ['r1', 'r2'] })
    await expect(presetDocs(['nope'])).rejects.toThrow("the preset 'nope' is not installed")
  })

  it('stops at a run that failed or was stopped', async () => {
    const { useCourseRuns } = await import('../../../renderer/src/store/course-runs')
    engine.starts.length = 0
    engine.outcome = (n) =>
      n === 1
        ? { type: 'finished', reason: 'stopped', epochs: 0, history: [] }
        : { type: 'failed', message: 'x' }
    const plan = [1, 2].map((i) => ({ name: `g${i}`, doc: {} as GraphDoc, overrides: {} }))
    expect(await useCourseRuns.getState().runAll('bn', plan)).toBeNull()
    expect(engine.starts).toHaveLength(1)
    expect(useCourseRuns.getState()).toMatchObject({ status: 'failed', name: 'g1', message: 'stopped' })
  })

  it('hears a cross-validation’s first fold before train:start has answered', async () => {
    const { useTraining } = await import('../../../renderer/src/store/training')
    useTraining.setState({ runId: null })
    engine.listener!({ runId: 'r9', event: { type: 'fold-started', fold: 0, folds: 5 } })
    expect(useTraining.getState().fold).toEqual({ fold: 0, folds: 5 })
  })
})
