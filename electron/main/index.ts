import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { app, BrowserWindow, dialog, ipcMain, Menu, session, shell } from 'electron'
import type { AppCommand } from '../../engine/app-contract'
import { createEngineHost } from '../../engine/node/engine-host'
import { useEngineLauncher } from '../../engine/node/engine-process'
import { dialogOptions } from './dialogs'
import { utilityEngine } from './engine-process'
import { menuTemplate } from './menu'
import {
  createInvokeHandler,
  denyPermission,
  denyPermissionCheck,
  guardWebContents,
  webPreferences,
} from './security'

// Secure defaults from Electron's checklist (see security.ts): isolated, sandboxed renderer
// without Node, no navigation or new windows, permissions denied, IPC only from our page.
let win: BrowserWindow | null = null
const here = fileURLToPath(new URL('.', import.meta.url))
const page = join(here, '../renderer/index.html')

// training, export and inspection run in a utilityProcess: a crash there is a failed run, not a dead app
useEngineLauncher(utilityEngine)
const host = createEngineHost({
  dataDir: join(app.getPath('documents'), 'Deepwire'),
  push: (channel, payload) => win?.webContents.send('engine:push', channel, payload),
  shell: 'electron',
  // the only way a path on disk reaches the engine from the UI: the user picks it here
  chooseFile: async (purpose) => {
    if (!win) return null
    const r = await dialog.showOpenDialog(win, dialogOptions(purpose))
    return r.canceled ? null : (r.filePaths[0] ?? null)
  },
  // only exports this host wrote reach here, checked by export-reveal.ts
  reveal: async (file, action) => {
    if (action === 'show') return shell.showItemInFolder(file)
    const failed = await shell.openPath(file)
    if (failed) throw new Error(`could not open ${file}: ${failed}`)
  },
})

const send = (command: AppCommand, name?: string) =>
  win?.webContents.send('engine:push', 'app:command', { command, name })

/** Rebuilds the menu with the recent projects; a list that cannot be read keeps the menu as it was. */
const refreshMenu = () => installMenu().catch(() => {})

async function installMenu() {
  const recent = ((await host.handle('projects:list', {})) as { name: string }[])
    .slice(0, 10)
    .map((p) => p.name)
  const template = menuTemplate(send, {
    lang: app.getLocale().startsWith('zh') ? 'zh' : 'en',
    mac: process.platform === 'darwin',
    recent,
  })
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
}

function createWindow() {
  win = new BrowserWindow({
    width: 1280,
    height: 800,
    title: 'Deepwire',
    webPreferences: webPreferences(join(here, '../preload/index.cjs')),
  })
  // the renderer asks before unloading with unsaved changes; Electron needs the question asked here
  win.webContents.on('will-prevent-unload', (e) => {
    const choice = dialog.showMessageBoxSync(win!, {
      type: 'question',
      buttons: ['Discard changes and close', 'Keep editing'],
      defaultId: 1,
      cancelId: 1,
      message: 'The graph has unsaved changes.',
      detail: 'They are kept in the autosave, but not in a saved project.',
    })
    if (choice === 0) e.preventDefault()
  })
  win.on('closed', () => {
    win = null
    void host.dispose()
  })
  void win.loadFile(page)
}

// a saved project joins File ▸ Open recent
const withRecent = {
  handle(channel: string, args: unknown) {
    const result = host.handle(channel, args)
    if (channel === 'projects:save') void result.then(refreshMenu, () => {})
    return result
  },
}
ipcMain.handle(
  'engine:invoke',
  createInvokeHandler(withRecent, () => win, pathToFileURL(page).href),
)

// any web contents, including ones we never meant to create, gets the same guards
app.on('web-contents-created', (_e, wc) => guardWebContents(wc))

if (app.requestSingleInstanceLock()) {
  void app.whenReady().then(() => {
    session.defaultSession.setPermissionRequestHandler(denyPermission)
    session.defaultSession.setPermissionCheckHandler(denyPermissionCheck)
    createWindow()
    void refreshMenu()
  })
  app.on('second-instance', () => win?.focus())
} else app.quit()
app.on('window-all-closed', () => app.quit())
