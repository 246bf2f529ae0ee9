import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { app, BrowserWindow, ipcMain, session } from 'electron'
import { createEngineHost } from '../../engine/node/engine-host'
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

const host = createEngineHost({
  dataDir: join(app.getPath('documents'), 'Deepwire'),
  push: (channel, payload) => win?.webContents.send('engine:push', channel, payload),
})

function createWindow() {
  win = new BrowserWindow({
    width: 1280,
    height: 800,
    title: 'Deepwire',
    webPreferences: webPreferences(join(here, '../preload/index.cjs')),
  })
  win.on('closed', () => {
    win = null
    void host.dispose()
  })
  void win.loadFile(page)
}

ipcMain.handle(
  'engine:invoke',
  createInvokeHandler(host, () => win, pathToFileURL(page).href),
)

// any web contents, including ones we never meant to create, gets the same guards
app.on('web-contents-created', (_e, wc) => guardWebContents(wc))

if (app.requestSingleInstanceLock()) {
  void app.whenReady().then(() => {
    session.defaultSession.setPermissionRequestHandler(denyPermission)
    session.defaultSession.setPermissionCheckHandler(denyPermissionCheck)
    createWindow()
  })
  app.on('second-instance', () => win?.focus())
} else app.quit()
app.on('window-all-closed', () => app.quit())
