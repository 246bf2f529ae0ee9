import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { app, BrowserWindow, dialog, ipcMain, Menu, session } from 'electron'
import type { AppCommand } from '../../engine/app-contract'
import { createEngineHost } from '../../engine/node/engine-host'
import { dialogOptions } from './dialogs'
import { menuTemplate } from './menu'

// Secure defaults from Electron's checklist: isolated, sandboxed renderer without Node, no
// navigation or new windows, permission requests denied, and IPC accepted only from our page.
let win: BrowserWindow | null = null
const here = fileURLToPath(new URL('.', import.meta.url))

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
})

const send = (command: AppCommand, name?: string) =>
  win?.webContents.send('engine:push', 'app:command', { command, name })

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
    webPreferences: {
      preload: join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    },
  })
  win.webContents.on('will-navigate', (e) => e.preventDefault())
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
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }))
  win.on('closed', () => {
    win = null
    void host.dispose()
  })
  void win.loadFile(join(here, '../renderer/index.html'))
}

ipcMain.handle('engine:invoke', (event, channel: unknown, args: unknown) => {
  // only our own window's top frame may drive the engine; arguments are validated by the host
  if (!win || event.sender !== win.webContents || event.senderFrame !== win.webContents.mainFrame)
    throw new Error('request from an unknown sender')
  const result = host.handle(String(channel), args)
  // a saved project joins File ▸ Open recent
  if (channel === 'projects:save') void result.then(installMenu, () => {})
  return result
})

if (app.requestSingleInstanceLock()) {
  void app.whenReady().then(() => {
    session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false))
    createWindow()
    void installMenu()
  })
  app.on('second-instance', () => win?.focus())
} else app.quit()
app.on('window-all-closed', () => app.quit())
