import { join } from 'node:path'
import { app, BrowserWindow } from 'electron'

// Secure defaults from Electron's checklist: isolated, sandboxed renderer without Node, and no
// navigation away from the app. The IPC contract and engine host arrive with the app issue.
function createWindow() {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    title: 'Deepwire',
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    },
  })
  win.webContents.on('will-navigate', (e) => e.preventDefault())
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }))
  void win.loadFile(join(__dirname, '../renderer/index.html'))
}

if (app.requestSingleInstanceLock()) void app.whenReady().then(createWindow)
else app.quit()
app.on('window-all-closed', () => app.quit())
