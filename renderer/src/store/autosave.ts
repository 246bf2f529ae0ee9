import { create } from 'zustand'
import { parseGraph } from '../../../engine/graph/parse'
import type { GraphDoc } from '../../../engine/graph/schema'
import { EMPTY, useGraph } from './graph'
import { useProject } from './project'

const KEY = 'deepwire.autosave'
/** When the autosave was written, and whether its graph was saved as a project by then. */
const META = 'deepwire.autosave.meta'

interface AutosaveMeta {
  at: number
  /** The autosaved graph differs from what was last saved or opened. */
  unsaved: boolean
  /** The project it was saved or opened as, if any. */
  project: string | null
}

interface RecoveryState {
  /** Set while the start-up prompt about recovered work is shown; `at` is null for an old autosave. */
  recovered: { at: number | null } | null
}

export const useRecovery = create<RecoveryState>()(() => ({ recovered: null }))

const sameAsEmpty = (doc: GraphDoc) => JSON.stringify({ ...doc, name: EMPTY.name }) === JSON.stringify(EMPTY)

function readMeta(): AutosaveMeta | null {
  try {
    const m = JSON.parse(localStorage.getItem(META) ?? 'null') as Partial<AutosaveMeta> | null
    if (m && typeof m.at === 'number' && typeof m.unsaved === 'boolean')
      return { at: m.at, unsaved: m.unsaved, project: typeof m.project === 'string' ? m.project : null }
  } catch {
    // damaged: treated as an autosave of unknown state
  }
  return null
}

function readAutosave(): { doc: GraphDoc; meta: AutosaveMeta | null } | null {
  const saved = localStorage.getItem(KEY)
  if (!saved) return null
  try {
    const parsed = parseGraph(JSON.parse(saved))
    return parsed.ok ? { doc: parsed.doc, meta: readMeta() } : null
  } catch {
    // a damaged autosave is ignored, never fatal
    return null
  }
}

let timer: ReturnType<typeof setTimeout> | undefined
let pending: GraphDoc | null = null

function flush() {
  clearTimeout(timer)
  if (pending === null) return
  const { savedDoc, name } = useProject.getState()
  const meta: AutosaveMeta = { at: Date.now(), unsaved: pending !== savedDoc, project: name }
  localStorage.setItem(KEY, JSON.stringify(pending))
  localStorage.setItem(META, JSON.stringify(meta))
  pending = null
}

/**
 * Keeps the current graph in localStorage (debounced, and at once when the page goes away)
 * so a crash or a closed tab loses nothing. On start the last autosave comes back: silently
 * when it was saved as a project (or is an unchanged preset), else behind a prompt to keep
 * or discard it; an autosave of the empty graph is not worth asking about.
 */
export function startAutosave() {
  const restored = readAutosave()
  if (restored && !sameAsEmpty(restored.doc)) {
    useGraph.getState().load(restored.doc)
    useGraph.temporal.getState().clear()
    const meta = restored.meta
    const clean = meta !== null && !meta.unsaved
    // a saved graph is the project as on disk; unsaved work stays marked changed until saved
    useProject.setState({ name: meta?.project ?? null, savedDoc: clean ? useGraph.getState().doc : EMPTY })
    if (!clean) useRecovery.setState({ recovered: { at: meta?.at ?? null } })
  }
  useGraph.subscribe((s, prev) => {
    if (s.doc === prev.doc) return
    pending = s.doc
    clearTimeout(timer)
    timer = setTimeout(flush, 500)
  })
  // saving changes what the autosave is (no longer unsaved work) without changing the graph
  useProject.subscribe((s, prev) => {
    if (s.savedDoc === prev.savedDoc && s.name === prev.name) return
    pending ??= useGraph.getState().doc
    flush()
  })
  // closing the window or tab inside the debounce would otherwise lose the last edit
  window.addEventListener('pagehide', flush)
  window.addEventListener('beforeunload', flush)
}

/** Keep: the recovered graph stays on the canvas as unsaved work. */
export function keepRecovered() {
  useRecovery.setState({ recovered: null })
}

/** Discard: back to the empty graph, with no autosave left to recover. */
export function discardRecovered() {
  useGraph.getState().load(EMPTY)
  useGraph.temporal.getState().clear()
  useProject.setState({ name: null, savedDoc: useGraph.getState().doc })
  clearTimeout(timer)
  pending = null
  localStorage.removeItem(KEY)
  localStorage.removeItem(META)
  useRecovery.setState({ recovered: null })
}
