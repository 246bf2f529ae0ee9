import { create } from 'zustand'
import { parseGraph } from '../../../engine/graph/parse'
import { MAX_PROJECT_BYTES, projectFromText } from '../../../engine/graph/project'
import type { GraphDoc } from '../../../engine/graph/schema'
import { api } from '../api'
import i18next from '../i18n'
import { EMPTY, useGraph } from './graph'

interface ProjectState {
  /** Name the graph was last saved or opened under; null for a new or preset graph. */
  name: string | null
  /** The document as last saved or loaded; the graph is dirty when it is another object. */
  savedDoc: GraphDoc
  /** When the project was last saved in this session (ms), for the top bar's "Saved · name · time". */
  savedAt: number | null
}

export const useProject = create<ProjectState>()(() => ({ name: null, savedDoc: EMPTY, savedAt: null }))

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
  useProject.setState({ name, savedDoc: useGraph.getState().doc, savedAt: null })
  return true
}

export async function saveProject(name = useProject.getState().name ?? useGraph.getState().doc.name) {
  const doc = useGraph.getState().doc
  await api.invoke('projects:save', {
    name,
    project: { format: 'deepwire-project', version: 1, graph: { ...doc, name } },
  })
  useProject.setState({ name, savedDoc: doc, savedAt: Date.now() })
  return name
}

export async function openProject(name: string): Promise<boolean> {
  if (!confirmDiscard()) return false
  const { project } = await api.invoke('projects:open', { name })
  showProject(project, name)
  return true
}

/**
 * A project file the user picked from their own disk (a browser cannot open the projects folder):
 * the same checks as opening one from the projects folder, then it is the open project under its
 * file's name, so Save keeps it in the projects folder.
 */
export async function openProjectFile(file: File): Promise<boolean> {
  const name = file.name.replace(/(\.deepwire)?\.json$/i, '') || 'project'
  if (file.size > MAX_PROJECT_BYTES)
    throw new Error(
      `project '${name}' is ${(file.size / 2 ** 20).toFixed(1)} MB, more than the ${MAX_PROJECT_BYTES / 2 ** 20} MB a project may hold; the file was left untouched`,
    )
  const project = projectFromText(await file.text(), name)
  if (!confirmDiscard()) return false
  showProject(project, name)
  return true
}

function showProject(project: unknown, name: string) {
  const parsed = parseGraph((project as { graph?: unknown } | null)?.graph)
  if (!parsed.ok) throw new Error(`project '${name}': ${parsed.errors.map((e) => e.message).join('; ')}`)
  useGraph.getState().load(parsed.doc)
  useProject.setState({ name, savedDoc: useGraph.getState().doc, savedAt: null })
}

/** The browser (and Electron, via will-prevent-unload) asks before closing with unsaved work. */
export function guardUnload() {
  window.addEventListener('beforeunload', (e) => {
    if (isDirty()) e.preventDefault()
  })
}
