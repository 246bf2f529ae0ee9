/**
 * The renderer is not trusted. Over web mode's WebSocket and over Electron's IPC handler,
 * hostile and malformed messages are refused without side effects; the web server only listens
 * on loopback and only talks to its own page holding the per-launch token; the Electron window
 * is configured by the security checklist (checked statically, without an Electron binary).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import {
  createInvokeHandler,
  denyPermission,
  denyPermissionCheck,
  guardWebContents,
  webPreferences,
} from '../../electron/main/security'
import { createEngineHost } from '../../engine/node/engine-host'
import { MAX_FRAME, MAX_UPLOAD_FRAME, startWebServer, type WebServer } from '../../engine/node/server'
import { hostile } from './hostile'

const ROOT = path.resolve(__dirname, '../..')
const counts = { ws: 0, ipc: 0, upgrades: 0, http: 0, config: 0 }
afterAll(() =>
  console.log(
    `security: ${counts.ws} hostile WebSocket messages, ${counts.ipc} hostile IPC calls, ${counts.upgrades} forged connections, ${counts.http} hostile HTTP requests refused; ${counts.config} Electron settings checked`,
  ),
)

/** Every file under `dir`, relative, to prove a refused request wrote nothing. */
function tree(dir: string): string[] {
  const out: string[] = []
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name)
      if (e.isDirectory()) walk(p)
      else out.push(path.relative(dir, p))
    }
  }
  walk(dir)
  return out.sort()
}

describe('web mode', () => {
  let server: WebServer
  let port: number
  let dataDir: string
  let pushes = 0
  const origin = () => `http://127.0.0.1:${port}`

  beforeAll(async () => {
    const staticDir = mkdtempSync(path.join(os.tmpdir(), 'dw-static-'))
    writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Deepwire</title>')
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'dw-web-'))
    mkdirSync(path.join(dataDir, 'projects'))
    server = await startWebServer({ staticDir, dataDir })
    port = Number(new URL(server.url).port)
  })
  afterAll(() => server.close())

  /** Opens a socket the way a page would; resolves with it open, or rejects with the HTTP status. */
  const connect = (opts: { token?: string; origin?: string | null; pathname?: string } = {}) =>
    new Promise<WebSocket>((resolve, reject) => {
      const token = opts.token ?? server.token
      const o = opts.origin === undefined ? origin() : opts.origin
      const ws = new WebSocket(`ws://127.0.0.1:${port}${opts.pathname ?? '/ws'}?token=${token}`, {
        headers: o === null ? {} : { origin: o },
      })
      ws.on('open', () => resolve(ws))
      ws.on('message', (d) => {
        if (String(d).startsWith('{"push"')) pushes++
      })
      ws.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
      ws.on('error', reject)
    })

  /** Sends one raw frame and waits for the reply to it. */
  const ask = (ws: WebSocket, frame: string) =>
    new Promise<{ id: unknown; result?: unknown; error?: string }>((resolve) => {
      const onMessage = (d: WebSocket.RawData) => {
        const msg = JSON.parse(String(d))
        if ('push' in msg) return
        ws.off('message', onMessage)
        resolve(msg)
      }
      ws.on('message', onMessage)
      ws.send(frame)
    })

  it('listens on loopback only', async () => {
    expect(new URL(server.url).hostname).toBe('127.0.0.1')
    const external = Object.values(os.networkInterfaces())
      .flat()
      .filter((a) => a && !a.internal && a.family === 'IPv4')
      .map((a) => a!.address)
    for (const address of external) {
      const refused = await new Promise<boolean>((resolve) => {
        const s = net.connect({ host: address, port }, () => {
          s.destroy()
          resolve(false)
        })
        s.on('error', () => resolve(true))
        // a firewall that drops instead of refusing: no answer is not reachable either
        s.setTimeout(3000, () => {
          s.destroy()
          resolve(true)
        })
      })
      expect(refused, `reachable on ${address}`).toBe(true)
      counts.upgrades++
    }
  })

  it.each([
    ['no token', { token: '' }],
    ['wrong token', { token: 'f'.repeat(32) }],
    ['token of another length', { token: 'abc' }],
    ['token with a prefix', { token: () => 'x' + server.token }],
    ['no Origin', { origin: null }],
    ['foreign Origin', { origin: 'https://evil.example' }],
    ['null Origin', { origin: 'null' }],
    ['another local port', { origin: 'http://127.0.0.1:1' }],
    ['look-alike host', { origin: () => `http://127.0.0.1.evil.example:${port}` }],
    ['another path', { pathname: '/socket' }],
  ])('refuses a connection with %s', async (_label, raw) => {
    const opts = Object.fromEntries(
      Object.entries(raw).map(([k, v]) => [k, typeof v === 'function' ? v() : v]),
    ) as Parameters<typeof connect>[0]
    await expect(connect(opts)).rejects.toThrow(/HTTP 403/)
    counts.upgrades++
  })

  it('refuses every hostile message, answers the next good one, and writes nothing', async () => {
    const before = tree(dataDir)
    const ws = await connect()
    for (const [i, h] of hostile.entries()) {
      const frame = h.text
        ? `{"id":${i},"channel":${JSON.stringify(h.channel)},"args":${h.text}}`
        : JSON.stringify({ id: i, channel: h.channel, args: h.args })
      const reply = await ask(ws, frame)
      expect(reply.id, h.what).toBe(i)
      expect(reply.error, h.what).toMatch(h.refusal)
      counts.ws++
    }
    const malformed: [string, RegExp][] = [
      ['{not json', /message is not JSON/],
      ['', /message is not JSON/],
      ['null', /must be an object/],
      ['[1,2,3]', /must be an object/],
      ['"presets:list"', /must be an object/],
      ['42', /must be an object/],
      ['{"id": 1}', /needs a channel name/],
      ['{"id": 2, "channel": {"toString": "x"}}', /needs a channel name/],
      ['{"id": 3, "channel": ["projects:list"]}', /needs a channel name/],
    ]
    for (const [frame, refusal] of malformed) {
      expect((await ask(ws, frame)).error, frame).toMatch(refusal)
      counts.ws++
    }
    // the connection and the engine are still fine
    const ok = await ask(ws, JSON.stringify({ id: 99, channel: 'projects:list', args: {} }))
    expect(ok).toEqual({ id: 99, result: [] })
    expect(tree(dataDir)).toEqual(before)
    expect(readdirSync(path.dirname(dataDir)).some((f) => f === 'escape.deepwire.json')).toBe(false)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(pushes).toBe(0) // no training run was started by any of them
    ws.close()
  })

  it('refuses an oversize request with a sentence, closes a connection past an upload’s size, and keeps serving', async () => {
    const ws = await connect()
    const big = `{"id":7,"channel":"projects:list","args":"${' '.repeat(MAX_FRAME)}"}`
    expect(await ask(ws, big)).toEqual({
      id: 7,
      error: 'the request is 4.0 MB, more than the 4.0 MB a request other than an upload may be',
    })
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)))
    ws.send(Buffer.alloc(MAX_UPLOAD_FRAME + 1, 0x20))
    expect(await closed).toBe(1009)
    const next = await connect()
    expect(await ask(next, JSON.stringify({ id: 1, channel: 'projects:list', args: {} }))).toMatchObject({
      id: 1,
    })
    next.close()
    counts.ws += 2
  })

  it('says which port is taken instead of crashing when it cannot listen', async () => {
    await expect(startWebServer({ staticDir: dataDir, dataDir, port })).rejects.toThrow(
      new RegExp(`^cannot listen on 127\\.0\\.0\\.1:${port} \\(EADDRINUSE\\)$`),
    )
  })

  it('serves only its own static files, with security headers', async () => {
    const get = (p: string) =>
      new Promise<http.IncomingMessage>((resolve, reject) => {
        // raw paths: http.get would normalise '..' away before sending
        const req = http.request({ host: '127.0.0.1', port, path: p, method: 'GET' }, resolve)
        req.on('error', reject)
        req.end()
      })
    const home = await get('/')
    expect(home.statusCode).toBe(200)
    expect(home.headers['content-security-policy']).toMatch(/default-src 'self'/)
    expect(home.headers['x-frame-options']).toBe('DENY')
    expect(home.headers['x-content-type-options']).toBe('nosniff')
    home.resume()
    for (const p of [
      '/../../etc/passwd',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/..%2f..%2fetc%2fpasswd',
      '/%00',
      '/ws',
    ]) {
      const res = await get(p)
      expect([400, 403, 404], p).toContain(res.statusCode)
      res.resume()
      counts.http++
    }
  })
})

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
