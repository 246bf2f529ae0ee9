import { create } from 'zustand'
import { parseGraph } from '../../../engine/graph/parse'
import type { GraphDoc } from '../../../engine/graph/schema'
import { api } from '../api'
import i18next from '../i18n'
import { EMPTY, useGraph } from './graph'

interface ProjectState {
  /** Name the graph was last saved or opened under; null for a new or preset graph. */
  name: string | null
  /** The document as last saved or loaded; the graph is dirty when it is another object. */
  savedDoc: GraphDoc
}

export const useProject = create<ProjectState>()(() => ({ name: null, savedDoc: EMPTY }))

/** Documents are immutable and undo restores the same objects, so identity tells "unchanged". */
export const useDirty = () => useGraph((s) => s.doc) !== useProject((s) => s.savedDoc)
const isDirty = () => useGraph.getState().doc !== useProject.getState().savedDoc

/** Asks before unsaved work would be replaced; true when it is fine to go on. */
export function confirmDiscard(): boolean {
  return !isDirty() || window.confirm(i18next.t('shell.discard'))
}

/** Replaces the canvas with `doc` (a preset, a new graph, an opened project) after asking. */
export function loadDocument(doc: GraphDoc, name: string | null = null): boolean {
  if (!confirmDiscard()) return false
  useGraph.getState().load(doc)
  useProject.setState({ name, savedDoc: useGraph.getState().doc })
  return true
}

export async function saveProject(name = useProject.getState().name ?? useGraph.getState().doc.name) {
  const doc = useGraph.getState().doc
  await api.invoke('projects:save', {
    name,
    project: { format: 'deepwire-project', version: 1, graph: { ...doc, name } },
  })
  useProject.setState({ name, savedDoc: doc })
  return name
}

export async function openProject(name: string): Promise<boolean> {
  if (!confirmDiscard()) return false
  const { project } = await api.invoke('projects:open', { name })
  const parsed = parseGraph((project as { graph?: unknown } | null)?.graph)
  if (!parsed.ok) throw new Error(`project '${name}': ${parsed.errors.map((e) => e.message).join('; ')}`)
  useGraph.getState().load(parsed.doc)
  useProject.setState({ name, savedDoc: useGraph.getState().doc })
  return true
}

/** The browser (and Electron, via will-prevent-unload) asks before closing with unsaved work. */
export function guardUnload() {
  window.addEventListener('beforeunload', (e) => {
    if (isDirty()) e.preventDefault()
  })
}
