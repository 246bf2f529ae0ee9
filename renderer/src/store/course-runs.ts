/**
 * One click, several training runs: the Learn tab's comparisons train a list of graphs one
 * after another through the ordinary Training path (so the Training tab shows each one's progress
 * and every run lands in Runs), then hand back the runs' ids.
 */
import { create } from 'zustand'
import type { PresetEntry } from '../../../engine/app-contract'
import { parseGraph } from '../../../engine/graph/parse'
import type { GraphDoc } from '../../../engine/graph/schema'
import { api } from '../api'
import { useTraining } from './training'

export interface PlannedRun {
  /** What the progress line calls the run (the graph's name). */
  name: string
  doc: GraphDoc
  overrides: Record<string, unknown>
}

interface CourseRunsState {
  /** Which comparison is going or last went ('' before any). */
  key: string
  status: 'idle' | 'running' | 'done' | 'failed'
  /** 1-based index of the run now training, of `count`. */
  index: number
  count: number
  name: string
  message: string
  runIds: string[]
  /** Trains `plan` in order; resolves with the run ids, or null when one failed or was stopped. */
  runAll(key: string, plan: PlannedRun[]): Promise<string[] | null>
}

/** Resolves once the Training store says the run it is following has ended. */
function runEnded(): Promise<{ ok: boolean; message: string }> {
  return new Promise((resolve) => {
    const check = (s: ReturnType<typeof useTraining.getState>) => {
      if (s.status !== 'finished' && s.status !== 'failed') return false
      // a stopped run is not a comparison's: the curves would be cut short
      resolve({ ok: s.status === 'finished' && s.message !== 'stopped', message: s.message })
      return true
    }
    if (check(useTraining.getState())) return
    const unsubscribe = useTraining.subscribe((s) => {
      if (check(s)) unsubscribe()
    })
  })
}

export const useCourseRuns = create<CourseRunsState>()((set, get) => ({
  key: '',
  status: 'idle',
  index: 0,
  count: 0,
  name: '',
  message: '',
  runIds: [],
  async runAll(key, plan) {
    if (get().status === 'running') return null
    set({ key, status: 'running', index: 0, count: plan.length, name: '', message: '', runIds: [] })
    const ids: string[] = []
    for (const [i, run] of plan.entries()) {
      set({ index: i + 1, name: run.name })
      await useTraining.getState().start(run.doc, run.overrides)
      const { runId, status, message } = useTraining.getState()
      const ended = runId && status !== 'failed' ? await runEnded() : { ok: false, message }
      if (!ended.ok || !runId) {
        set({ status: 'failed', message: ended.message })
        return null
      }
      ids.push(runId)
      set({ runIds: [...ids] })
    }
    set({ status: 'done' })
    return ids
  },
}))

/** The shipped presets' documents, by file name without `.json` (bn-lenet, lenet …). */
export async function presetDocs(names: string[]): Promise<GraphDoc[]> {
  const list: PresetEntry[] = await api.invoke('presets:list', {})
  return names.map((name) => {
    const entry = list.find((p) => p.file.replace(/\\/g, '/').split('/').pop() === `${name}.json`)
    if (!entry) throw new Error(`the preset '${name}' is not installed`)
    const parsed = parseGraph(entry.doc)
    if (!parsed.ok) throw new Error(`the preset '${name}': ${parsed.errors[0].message}`)
    return parsed.doc
  })
}
