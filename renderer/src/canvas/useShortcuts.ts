import { useEffect } from 'react'
import type { GraphEdge, GraphNode } from '../../../engine/graph/schema'
import { useTranslation } from 'react-i18next'
import { pasteNodes } from '../store/doc-ops'
import { redo, undo, useBlockView, useGraph } from '../store/graph'
import { ungroupSelection } from './BlockToolbar'

let clipboard: { nodes: GraphNode[]; edges: GraphEdge[] } | null = null

/** Undo/redo, copy/paste, duplicate, group and ungroup on the canvas (Ctrl or ⌘). */
export function useShortcuts() {
  const { t } = useTranslation()
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement
      if (!(e.ctrlKey || e.metaKey) || target.closest('input, textarea, select')) return
      const { doc, selected, apply, select } = useGraph.getState()
      const key = e.key.toLowerCase()
      const copySelection = () => ({
        nodes: doc.nodes.filter((n) => selected.includes(n.id)),
        edges: doc.edges.filter((x) => selected.includes(x.source) && selected.includes(x.target)),
      })
      const paste = (c: typeof clipboard) => {
        if (!c?.nodes.length) return
        let ids: string[] = []
        apply((d) => {
          const [next, added] = pasteNodes(d, c.nodes, c.edges)
          ids = added
          return next
        })
        select(ids)
      }
      if (key === 'z' && !e.shiftKey) undo()
      else if (key === 'y' || (key === 'z' && e.shiftKey)) redo()
      else if (key === 'c') clipboard = copySelection()
      else if (key === 'v') paste(clipboard)
      else if (key === 'd') paste(copySelection())
      else if (key === 'g' && e.shiftKey) ungroupSelection(t('blocks.pickBlock'))
      else if (key === 'g') useBlockView.getState().setNaming(true)
      else return
      e.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [t])
}
