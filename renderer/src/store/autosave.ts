import { parseGraph } from '../../../engine/graph/parse'
import { useGraph } from './graph'

const KEY = 'deepwire.autosave'

/**
 * Keeps the current graph in localStorage (debounced) so a crash or a closed tab loses
 * nothing; on start the last autosaved graph is restored if it still parses.
 */
export function startAutosave() {
  const saved = localStorage.getItem(KEY)
  if (saved) {
    try {
      const parsed = parseGraph(JSON.parse(saved))
      if (parsed.ok) useGraph.getState().load(parsed.doc)
    } catch {
      // a damaged autosave is ignored, never fatal
    }
    useGraph.temporal.getState().clear()
  }
  let timer: ReturnType<typeof setTimeout> | undefined
  let pending: unknown = null
  const flush = () => {
    clearTimeout(timer)
    if (pending === null) return
    localStorage.setItem(KEY, JSON.stringify(pending))
    pending = null
  }
  useGraph.subscribe((s, prev) => {
    if (s.doc === prev.doc) return
    pending = s.doc
    clearTimeout(timer)
    timer = setTimeout(flush, 500)
  })
  // closing the window or tab inside the debounce would otherwise lose the last edit
  window.addEventListener('pagehide', flush)
  window.addEventListener('beforeunload', flush)
}
