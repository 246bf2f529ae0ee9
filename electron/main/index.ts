import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { app, BrowserWindow, ipcMain, session } from 'electron'
import { createEngineHost } from '../../engine/node/engine-host'

// Secure defaults from Electron's checklist: isolated, sandboxed renderer without Node, no
// navigation or new windows, permission requests denied, and IPC accepted only from our page.
let win: BrowserWindow | null = null
const here = fileURLToPath(new URL('.', import.meta.url))

const host = createEngineHost({
  dataDir: join(app.getPath('documents'), 'Deepwire'),
  push: (channel, payload) => win?.webContents.send('engine:push', channel, payload),
})

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
  return host.handle(String(channel), args)
})

if (app.requestSingleInstanceLock()) {
  void app.whenReady().then(() => {
    session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false))
    createWindow()
  })
  app.on('second-instance', () => win?.focus())
} else app.quit()
app.on('window-all-closed', () => app.quit())
