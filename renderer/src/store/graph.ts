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
