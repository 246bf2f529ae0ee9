import { create } from 'zustand'
import type { InspectRun } from '../../../engine/app-contract'
import type { ActivationsResult, BoundaryResult, TrainEvent } from '../../../engine/protocol'
import { api } from '../api'

export type HistogramsEvent = Extract<TrainEvent, { type: 'histograms' }>

interface Loadable<T> {
  key: string
  result: T | null
  loading: boolean
  error: string
}

const idle = { key: '', result: null, loading: false, error: '' }

interface InspectState {
  runs: InspectRun[]
  runId: string | null
  /** Per run, the histograms of every epoch so far: streamed live, or read back from disk. */
  histograms: Record<string, HistogramsEvent[]>
  activations: Loadable<ActivationsResult>
  boundary: Loadable<BoundaryResult>
  error: string
  refreshRuns(): Promise<void>
  select(runId: string): void
  loadActivations(sampleIndex: number): Promise<void>
  loadBoundary(): Promise<void>
}

export const useInspect = create<InspectState>()((set, get) => {
  /** Runs a request for the selected run; an answer for a run no longer selected is dropped. */
  async function load<K extends 'activations' | 'boundary'>(
    field: K,
    key: string,
    request: () => Promise<NonNullable<InspectState[K]['result']>>,
  ) {
    if (get()[field].key === key && (get()[field].loading || get()[field].result)) return
    set({ [field]: { key, result: null, loading: true, error: '' } } as Partial<InspectState>)
    try {
      const result = await request()
      if (get()[field].key === key)
        set({ [field]: { key, result, loading: false, error: '' } } as Partial<InspectState>)
    } catch (e) {
      if (get()[field].key === key)
        set({
          [field]: { key, result: null, loading: false, error: (e as Error).message },
        } as Partial<InspectState>)
    }
  }
  return {
    runs: [],
    runId: null,
    histograms: {},
    activations: idle,
    boundary: idle,
    error: '',
    async refreshRuns() {
      try {
        const runs = await api.invoke('inspect:runs', {})
        set({ runs, error: '' })
        const current = get().runId
        if (runs.length && (!current || !runs.some((r) => r.runId === current))) get().select(runs[0].runId)
      } catch (e) {
        set({ error: (e as Error).message })
      }
    },
    select(runId) {
      set({ runId, activations: idle, boundary: idle })
      if (get().histograms[runId]) return
      api.invoke('inspect:histograms', { runId }).then(
        (list) => set((s) => ({ histograms: { ...s.histograms, [runId]: s.histograms[runId] ?? list } })),
        (e: Error) => set({ error: e.message }),
      )
    },
    async loadActivations(sampleIndex) {
      const runId = get().runId
      if (!runId) return
      await load('activations', `${runId}/${sampleIndex}`, () =>
        api.invoke('inspect:activations', { runId, sampleIndex }),
      )
    },
    async loadBoundary() {
      const runId = get().runId
      if (!runId) return
      await load('boundary', runId, () => api.invoke('inspect:boundary', { runId, resolution: 60 }))
    },
  }
})

api.on('train:event', ({ runId, event }) => {
  if (event.type === 'histograms')
    useInspect.setState((s) => ({
      histograms: { ...s.histograms, [runId]: [...(s.histograms[runId] ?? []), event] },
    }))
  // a finished run is the one a learner wants to look into next
  if (event.type === 'finished')
    void useInspect
      .getState()
      .refreshRuns()
      .then(() => {
        if (useInspect.getState().runs.some((r) => r.runId === runId)) useInspect.getState().select(runId)
      })
})
