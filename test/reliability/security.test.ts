/**
 * The renderer is not trusted. Over web mode's WebSocket and over Electron's IPC handler,
 * hostile and malformed messages are refused without side effects; the web server only listens
 * on loopback and only talks to its own page holding the per-launch token; the Electron window
 * is configured by the security checklist (checked statically, without an Electron binary).
 */
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { MAX_FRAME, MAX_UPLOAD_FRAME, startWebServer, type WebServer } from '../../engine/node/server'
import { hostile } from './hostile'
import { tree } from './tree'

const counts = { ws: 0, upgrades: 0, http: 0 }
afterAll(() =>
  console.log(
    `security: ${counts.ws} hostile WebSocket messages, ${counts.upgrades} forged connections, ${counts.http} hostile HTTP requests refused`,
  ),
)

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
