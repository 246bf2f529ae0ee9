/**
 * Electron's security checklist as plain objects and functions, so the main process applies
 * them and the tests check them without an Electron binary: the window's webPreferences, the
 * guards every web contents gets, and the one IPC handler with its sender check.
 */
import type { IpcMainInvokeEvent, WebContents, WebPreferences } from 'electron'
import { checkDepth } from '../../engine/budget/untrusted'
import type { EngineHost } from '../../engine/node/engine-host'

/** An isolated, sandboxed renderer without Node, webviews, insecure content or remote code. */
export function webPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    enableBlinkFeatures: '',
    navigateOnDragDrop: false,
    spellcheck: false,
  }
}

/**
 * Every web contents (the window and anything it might spawn): no navigation away from the
 * app, no new windows, no webviews. Links are never opened with shell.openExternal.
 */
export function guardWebContents(wc: Pick<WebContents, 'on' | 'setWindowOpenHandler'>): void {
  const block = (e: { preventDefault(): void }) => e.preventDefault()
  wc.on('will-navigate', block)
  wc.on('will-redirect', block)
  wc.on('will-attach-webview', block)
  wc.setWindowOpenHandler(() => ({ action: 'deny' }))
}

/** Permission requests (camera, notifications, …) and checks are all refused. */
export const denyPermission = (
  _wc: unknown,
  _permission: string,
  callback: (granted: boolean) => void,
): void => callback(false)
export const denyPermissionCheck = (): boolean => false

/** The window whose top frame, showing our own page, may drive the engine. */
export interface TrustedWindow {
  webContents: Pick<WebContents, 'mainFrame'>
}

/**
 * The handler behind 'engine:invoke'. Only our window's top frame showing the app's own page
 * is heard; the channel must be a string and the arguments are validated by the engine host
 * against the app contract, whatever the sender claims.
 */
export function createInvokeHandler(
  host: Pick<EngineHost, 'handle'>,
  getWindow: () => TrustedWindow | null,
  appUrl: string,
) {
  return async (
    event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>,
    channel: unknown,
    args: unknown,
  ): Promise<unknown> => {
    const win = getWindow()
    const frame = event.senderFrame
    if (
      !win ||
      event.sender !== win.webContents ||
      !frame ||
      frame !== win.webContents.mainFrame ||
      !sameDocument(frame.url, appUrl)
    )
      throw new Error('request from an unknown sender')
    if (typeof channel !== 'string') throw new Error('the request channel must be a string')
    // Electron has already built the value; bound its depth before zod or a walker recurses into it
    checkDepth(args, 'the request')
    return host.handle(channel, args)
  }
}

/** Same file, ignoring the query and fragment the renderer may set. */
function sameDocument(url: string, appUrl: string): boolean {
  try {
    const a = new URL(url)
    const b = new URL(appUrl)
    return a.protocol === b.protocol && a.host === b.host && a.pathname === b.pathname
  } catch {
    return false
  }
}
