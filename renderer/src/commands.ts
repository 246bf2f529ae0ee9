import type { AppCommand } from '../../engine/app-contract'
import { api } from './api'
import { canvasView } from './canvas/canvas-view'
import { autoLayout } from './canvas/layout'
import { useFlow } from './store/flow'
import { movePositions } from './store/doc-ops'
import { EMPTY, redo, undo, useGraph } from './store/graph'
import { loadDocument, openProject, saveProject } from './store/project'
import { useUi } from './store/ui'

const inTextField = () => !!document.activeElement?.closest('input, textarea, select')

/** Carries out a menu command (desktop menu, shortcut or toolbar); failures go to `onError`. */
export async function runCommand(command: AppCommand, name?: string): Promise<void> {
  const tab = useUi.getState().setTab
  switch (command) {
    case 'new':
      loadDocument(EMPTY)
      return
    case 'save':
      await saveProject()
      return
    case 'open':
      return tab('projects')
    case 'open-recent':
      if (name) await openProject(name)
      return
    case 'import-dataset':
      return tab('data')
    case 'export':
      return tab('export')
    case 'presets':
      return tab('presets')
    case 'train':
      return tab('training')
    // the menu's accelerators take Ctrl+Z from text fields too; give it back to them there
    case 'undo':
      return void (inTextField() ? document.execCommand('undo') : undo())
    case 'redo':
      return void (inTextField() ? document.execCommand('redo') : redo())
    case 'layout': {
      // laid out at the sizes the nodes are drawn, then the whole graph brought into view
      const view = canvasView()
      const positions = await autoLayout(useGraph.getState().doc, view?.rects(), useFlow.getState().direction)
      useGraph.getState().apply((d) => movePositions(d, positions))
      view?.fitSoon()
      return
    }
  }
}

/** Menu commands pushed by the desktop shell, and the save/open shortcuts in a browser. */
export function listenForCommands(onError: (message: string) => void) {
  const run = (c: AppCommand, name?: string) => runCommand(c, name).catch((e: Error) => onError(e.message))
  api.on('app:command', ({ command, name }) => void run(command, name))
  window.addEventListener('keydown', (e) => {
    if (!(e.ctrlKey || e.metaKey) || e.altKey) return
    const key = e.key.toLowerCase()
    const command: AppCommand | undefined = key === 's' ? 'save' : key === 'o' ? 'open' : undefined
    if (!command) return
    e.preventDefault()
    void run(command)
  })
}
