/**
 * The Style view's state: its settings, the job in progress and what it has sent back (step
 * losses, the latest preview, the result). Kept outside the panel so a job keeps reporting while
 * another tab is open.
 */
import { create } from 'zustand'
import type { StylizedResult, StylizeStepLosses } from '../../../engine/protocol'
import type { GraphDoc } from '../../../engine/graph/schema'
import { api } from '../api'

/** The course's weights (engine/stylize/run.ts's STYLIZE_DEFAULTS) at a size a CPU does in seconds. */
export const STYLE_SETTINGS = {
  steps: 100,
  size: 96,
  contentWeight: 1,
  styleWeight: 1000,
  tvWeight: 10,
  previewEvery: 10,
}
export type StyleSettings = typeof STYLE_SETTINGS

export interface StyleImage {
  /** 'sample:scene', or the uploaded file as 'imported:<folder>/<file>'. */
  ref: string
  label: string
}

interface StyleState {
  settings: StyleSettings
  content: string
  style: string
  /** Files the user uploaded this session, offered beside the samples. */
  uploads: StyleImage[]
  jobId: string | null
  status: 'idle' | 'starting' | 'running' | 'stopping' | 'done' | 'failed'
  /** false once a job starts without a finished run: the network has its initial weights. */
  trained: boolean | null
  losses: StylizeStepLosses[]
  preview: { step: number; png: string } | null
  previews: number
  result: StylizedResult | null
  message: string
  set(patch: Partial<Pick<StyleState, 'settings' | 'content' | 'style'>>): void
  addUpload(img: StyleImage): void
  start(doc: GraphDoc, runId: string | null): Promise<void>
  stop(): void
}

export const useStylize = create<StyleState>()((set, get) => ({
  settings: STYLE_SETTINGS,
  content: 'sample:scene',
  style: 'sample:swirls',
  uploads: [],
  jobId: null,
  status: 'idle',
  trained: null,
  losses: [],
  preview: null,
  previews: 0,
  result: null,
  message: '',
  set: (patch) => set(patch),
  addUpload: (img) => set((s) => ({ uploads: [...s.uploads.filter((u) => u.ref !== img.ref), img] })),
  async start(doc, runId) {
    const { settings, content, style } = get()
    set({
      status: 'starting',
      jobId: null,
      losses: [],
      preview: null,
      previews: 0,
      result: null,
      message: '',
    })
    try {
      const r = await api.invoke('stylize:start', {
        graph: doc,
        content,
        style,
        ...settings,
        ...(runId ? { runId } : {}),
      })
      // the job may have ended before its id came back: keep its end, only note the id
      set((s) => ({
        jobId: r.jobId,
        trained: r.trained,
        status: s.status === 'starting' ? 'running' : s.status,
      }))
    } catch (e) {
      set({ status: 'failed', message: (e as Error).message })
    }
  },
  stop() {
    const { jobId } = get()
    if (!jobId) return
    set({ status: 'stopping' })
    void api.invoke('stylize:stop', { jobId })
  },
}))

api.on('stylize:event', ({ jobId, event }) => {
  const s = useStylize.getState()
  // events of an older job (a Start right after a Stop) are not this one's
  if (s.jobId && s.jobId !== jobId) return
  if (event.type === 'stylize-step') useStylize.setState({ losses: [...s.losses, event.losses] })
  else if (event.type === 'stylize-preview')
    useStylize.setState({ preview: { step: event.step, png: event.png }, previews: s.previews + 1 })
  else if (event.type === 'stylized') useStylize.setState({ status: 'done', result: event.result })
  else useStylize.setState({ status: 'failed', message: event.message })
})
