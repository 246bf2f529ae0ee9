/**
 * The Electron main process's side of the security suite: IPC only from the app's own top
 * frame, the shared hostile list through the real engine host, one run at a time, and the
 * window, CSP and navigation settings of Electron's security checklist.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  createInvokeHandler,
  denyPermission,
  denyPermissionCheck,
  guardWebContents,
  webPreferences,
} from '../../electron/main/security'
import { createEngineHost } from '../../engine/node/engine-host'
import { hostile } from './hostile'
import { tree } from './tree'

const ROOT = path.resolve(__dirname, '../..')
const counts = { ipc: 0, config: 0 }
afterAll(() =>
  console.log(
    `security (Electron): ${counts.ipc} hostile IPC calls refused; ${counts.config} Electron settings checked`,
  ),
)

describe('Electron main process', () => {
  const appUrl = 'file:///opt/deepwire/out/renderer/index.html'
  const mainFrame = { url: appUrl }
  const webContents = { mainFrame }
  const win = { webContents }

  it('hears only its own window’s top frame showing the app', async () => {
    const calls: unknown[] = []
    const handler = createInvokeHandler(
      { handle: async (c, a) => calls.push([c, a]) },
      () => win as never,
      appUrl,
    )
    const event = (sender: unknown, frame: unknown) => ({ sender, senderFrame: frame }) as never
    const refusals: [string, unknown, unknown][] = [
      ['another web contents', {}, mainFrame],
      ['a sub-frame', webContents, { url: appUrl }],
      ['no frame', webContents, null],
      ['our frame after navigating away', webContents, { ...mainFrame, url: 'https://evil.example/' }],
    ]
    for (const [what, sender, frame] of refusals) {
      const f = frame === mainFrame ? mainFrame : frame
      if (what === 'our frame after navigating away') mainFrame.url = 'https://evil.example/'
      await expect(handler(event(sender, f), 'projects:list', {}), what).rejects.toThrow(
        /request from an unknown sender/,
      )
      mainFrame.url = appUrl
      counts.ipc++
    }
    await expect(handler(event(webContents, mainFrame), { channel: 1 }, {})).rejects.toThrow(
      /must be a string/,
    )
    const noWindow = createInvokeHandler({ handle: async () => 1 }, () => null, appUrl)
    await expect(noWindow(event(webContents, mainFrame), 'projects:list', {})).rejects.toThrow(
      /unknown sender/,
    )
    counts.ipc += 2
    expect(calls).toEqual([])
    await handler(event(webContents, mainFrame), 'projects:list', {})
    // the app's own page with a query (the language) is still the app
    mainFrame.url = appUrl + '?lang=zh'
    await handler(event(webContents, mainFrame), 'projects:list', {})
    mainFrame.url = appUrl
    expect(calls).toEqual([
      ['projects:list', {}],
      ['projects:list', {}],
    ])
  })

  it('refuses every hostile message through the real engine host, writing nothing', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dw-ipc-'))
    const host = createEngineHost({ dataDir, push: () => expect.fail('nothing may start a run') })
    const handler = createInvokeHandler(host, () => win as never, appUrl)
    const before = tree(dataDir)
    for (const h of hostile) {
      await expect(
        handler({ sender: webContents, senderFrame: mainFrame } as never, h.channel, h.args),
        h.what,
      ).rejects.toThrow(h.refusal)
      counts.ipc++
    }
    expect(tree(dataDir)).toEqual(before)
    await host.dispose()
  })

  it('starts one of 10 simultaneous training requests and refuses the others, as over the WebSocket', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dw-ipc-runs-'))
    let ended: (type: string) => void = () => {}
    const end = new Promise<string>((resolve) => (ended = resolve))
    const host = createEngineHost({
      dataDir,
      push: (channel, payload) => {
        const type = channel === 'train:event' ? (payload as { event: { type: string } }).event.type : ''
        if (type === 'finished' || type === 'failed') ended(type)
      },
    })
    const handler = createInvokeHandler(host, () => win as never, appUrl)
    const sender = { sender: webContents, senderFrame: mainFrame } as never
    const graph = JSON.parse(readFileSync(path.join(ROOT, 'presets/xor.json'), 'utf8')) as object
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () =>
        handler(sender, 'train:start', { graph: { ...graph, training: { epochs: 10_000 } } }),
      ),
    )
    const accepted = results.filter((r) => r.status === 'fulfilled')
    expect(accepted).toHaveLength(1)
    const { runId } = (accepted[0] as PromiseFulfilledResult<{ runId: string }>).value
    for (const r of results.filter((r) => r.status === 'rejected'))
      expect(String((r as PromiseRejectedResult).reason)).toMatch(
        new RegExp(`a training run is already going \\(run ${runId}, started`),
      )
    counts.ipc += 9
    await handler(sender, 'train:control', { runId, action: 'stop' })
    expect(await end).toBe('finished')
    await host.dispose()
  }, 30_000)

  it('refuses a request its worker cannot receive and frees the place', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dw-ipc-clone-'))
    const host = createEngineHost({ dataDir, push: () => {} })
    const graph = JSON.parse(readFileSync(path.join(ROOT, 'presets/xor.json'), 'utf8')) as object
    // a value structured clone refuses (only a caller inside the main process could send one)
    await expect(host.handle('train:start', { graph, overrides: { x: () => 1 } })).rejects.toThrow(
      /could not be cloned/,
    )
    const next = (await host.handle('train:start', { graph, maxBatches: 1 })) as { runId: string }
    expect(next.runId).toMatch(/^[0-9a-f-]{36}$/)
    await host.dispose()
    counts.ipc++
  })

  it('configures the window by the security checklist', () => {
    const prefs = webPreferences('/app/preload/index.cjs')
    const required = {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
    }
    expect(prefs).toMatchObject(required)
    counts.config += Object.keys(required).length

    // navigation, redirects, webviews and new windows are all blocked
    const handlers = new Map<string, (e: { preventDefault(): void }) => void>()
    let openHandler: (() => { action: string }) | undefined
    guardWebContents({
      on: ((name: string, fn: (e: { preventDefault(): void }) => void) => handlers.set(name, fn)) as never,
      setWindowOpenHandler: ((fn: () => { action: string }) => (openHandler = fn)) as never,
    })
    for (const name of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      let prevented = false
      handlers.get(name)!({ preventDefault: () => (prevented = true) })
      expect(prevented, name).toBe(true)
      counts.config++
    }
    expect(openHandler!()).toEqual({ action: 'deny' })
    let granted: boolean | undefined
    denyPermission(null, 'media', (g) => (granted = g))
    expect(granted).toBe(false)
    expect(denyPermissionCheck()).toBe(false)
    counts.config += 3

    // the main process wires exactly these (it cannot run here without the Electron binary)
    const main = readFileSync(path.join(ROOT, 'electron/main/index.ts'), 'utf8')
    for (const wiring of [
      /webPreferences: webPreferences\(/,
      /app\.on\('web-contents-created', \(_e, wc\) => guardWebContents\(wc\)\)/,
      /setPermissionRequestHandler\(denyPermission\)/,
      /setPermissionCheckHandler\(denyPermissionCheck\)/,
      /ipcMain\.handle\(\s*'engine:invoke',\s*createInvokeHandler\(/,
      /loadFile\(/,
    ]) {
      expect(main).toMatch(wiring)
      counts.config++
    }
    expect(main).not.toMatch(/loadURL\(/)
  })

  it('ships a strict Content-Security-Policy and never opens untrusted URLs', () => {
    const html = readFileSync(path.join(ROOT, 'renderer/index.html'), 'utf8')
    const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1]
    expect(csp).toBeDefined()
    const directives = Object.fromEntries(
      csp!.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/)
        return [name, values]
      }),
    )
    expect(directives['default-src']).toEqual(["'self'"])
    expect(directives['script-src']).toEqual(["'self'"])
    // no remote origins anywhere: only the app itself and the loopback engine socket
    for (const values of Object.values(directives) as string[][])
      for (const v of values)
        expect(v, v).toMatch(/^('self'|'unsafe-inline'|data:|ws:\/\/(127\.0\.0\.1|localhost):\*)$/)
    counts.config += 3

    const sources = (dir: string): string[] =>
      readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
        .filter((e) => e.isFile() && /\.(ts|tsx)$/.test(e.name))
        .map((e) => readFileSync(path.join(e.parentPath, e.name), 'utf8'))
    for (const text of [...sources('electron'), ...sources('renderer/src')]) {
      expect(text).not.toMatch(/openExternal\s*\(/)
      expect(text).not.toMatch(/\beval\s*\(|new Function\s*\(/)
    }
    counts.config += 2
  })
})
