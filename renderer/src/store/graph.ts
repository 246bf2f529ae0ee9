import { create } from 'zustand'
import { temporal } from 'zundo'
import { graphSchema, type GraphDoc } from '../../../engine/graph/schema'

export const EMPTY: GraphDoc = graphSchema.parse({
  format: 'deepwire-graph',
  version: 2,
  name: 'untitled',
  nodes: [{ id: 'in', type: 'Input', params: { shape: [28, 28, 1] }, position: { x: 0, y: 0 } }],
  edges: [],
  training: { dataset: { name: 'fashion-mnist' } },
})

interface GraphState {
  doc: GraphDoc
  selected: string[]
  /** Bumped when a whole new document is loaded, so the canvas fits the view. */
  loadCount: number
  apply(edit: (doc: GraphDoc) => GraphDoc): void
  load(doc: GraphDoc): void
  select(ids: string[]): void
}

/** The edited graph, with undo/redo over document changes (selection is not history). */
export const useGraph = create<GraphState>()(
  temporal(
    (set) => ({
      doc: EMPTY,
      selected: [],
      loadCount: 0,
      apply: (edit) => set((s) => ({ doc: edit(s.doc) })),
      load: (doc) => set((s) => ({ doc, selected: [], loadCount: s.loadCount + 1 })),
      select: (selected) => set({ selected }),
    }),
    {
      partialize: (s) => ({ doc: s.doc }),
      limit: 200,
      equality: (a, b) => a.doc === b.doc,
    },
  ),
)

export const undo = () => useGraph.temporal.getState().undo()
export const redo = () => useGraph.temporal.getState().redo()

interface BlockViewState {
  /** Paths of the block instances drawn open ("stage2", "stage2/res1"). */
  expanded: ReadonlySet<string>
  /** The canvas asks for a block name (group into block) while true. */
  naming: boolean
  /** The last refusal of a block command, shown on the canvas until the next one. */
  message: string | null
  toggle(path: string): void
  setExpanded(paths: Iterable<string>): void
  setNaming(on: boolean): void
  setMessage(m: string | null): void
}

/**
 * Which blocks are drawn open. Kept out of the undo history on purpose: opening a block is a
 * way of looking at the graph, like zooming, so undo steps over it to the last real edit, and
 * it never marks the document changed. Paths that no longer exist after an undo are ignored.
 */
export const useBlockView = create<BlockViewState>()((set) => ({
  expanded: new Set(),
  naming: false,
  message: null,
  toggle: (path) =>
    set((s) => {
      const next = new Set(s.expanded)
      if (!next.delete(path)) next.add(path)
      return { expanded: next }
    }),
  setExpanded: (paths) => set({ expanded: new Set(paths) }),
  setNaming: (naming) => set({ naming }),
  setMessage: (message) => set({ message }),
}))
