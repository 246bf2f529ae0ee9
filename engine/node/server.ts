/**
 * Web mode: the engine host behind a WebSocket on 127.0.0.1, plus the built renderer as static
 * files, so the whole app runs in a browser where no Electron binary exists. Only loopback is
 * bound, the Origin must be this server's, and a per-launch token in the URL keeps other local
 * pages from driving the engine.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { promises as fs } from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { WebSocketServer, type WebSocket } from 'ws'
import { createEngineHost, RequestError } from './engine-host'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
}

/** Largest WebSocket frame accepted: graphs and projects are kilobytes, never megabytes. */
export const MAX_FRAME = 16 * 1024 * 1024

/** Served with every response: no framing by other sites, no MIME sniffing, our CSP. */
const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws://127.0.0.1:* ws://localhost:*; frame-ancestors 'none'; object-src 'none'; base-uri 'none'",
}

const sameToken = (a: string | null, b: string) =>
  a !== null && a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b))

export interface WebServer {
  url: string
  token: string
  /** Sends a push to every connected page exactly as the engine host does (benches feed events). */
  push: Parameters<typeof createEngineHost>[0]['push']
  close(): Promise<void>
}

export async function startWebServer(opts: {
  staticDir: string
  port?: number
  /** Projects, run checkpoints and exports live here (default ~/Deepwire). */
  dataDir?: string
}): Promise<WebServer> {
  const token = randomBytes(16).toString('hex')
  const root = path.resolve(opts.staticDir)
  const sockets = new Set<WebSocket>()
  const push: WebServer['push'] = (channel, payload) => {
    const msg = JSON.stringify({ push: channel, payload })
    for (const s of sockets) s.send(msg)
  }
  const host = createEngineHost({ dataDir: opts.dataDir ?? path.join(os.homedir(), 'Deepwire'), push })

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const rel = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname)
    const file = path.resolve(root, '.' + rel)
    if (!file.startsWith(root + path.sep)) {
      res.writeHead(403, SECURITY_HEADERS).end()
      return
    }
    try {
      const body = await fs.readFile(file)
      res
        .writeHead(200, {
          ...SECURITY_HEADERS,
          'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        })
        .end(body)
    } catch {
      res.writeHead(404, SECURITY_HEADERS).end('not found')
    }
  })

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME })
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const origin = req.headers.origin
    const address = server.address()
    const port = typeof address === 'object' && address ? address.port : 0
    const allowed = [`http://127.0.0.1:${port}`, `http://localhost:${port}`]
    if (
      url.pathname !== '/ws' ||
      !sameToken(url.searchParams.get('token'), token) ||
      !origin ||
      !allowed.includes(origin)
    ) {
      socket.write('HTTP/1.1 403 Forbidden\r\n\r\n')
      socket.destroy()
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws)
      ws.on('close', () => sockets.delete(ws))
      // an oversize or malformed frame: ws closes the socket itself (1009/1002); without a
      // listener the error event would take the whole server down
      ws.on('error', () => ws.terminate())
      ws.on('message', async (data) => {
        let msg: unknown
        try {
          msg = JSON.parse(String(data))
        } catch {
          ws.send(JSON.stringify({ id: null, error: 'message is not JSON' }))
          return
        }
        if (!msg || typeof msg !== 'object' || Array.isArray(msg)) {
          ws.send(JSON.stringify({ id: null, error: 'a request must be an object { id, channel, args }' }))
          return
        }
        const { id: rawId, channel, args } = msg as { id?: unknown; channel?: unknown; args?: unknown }
        const id = typeof rawId === 'number' ? rawId : null
        if (typeof channel !== 'string') {
          ws.send(JSON.stringify({ id, error: 'a request needs a channel name' }))
          return
        }
        try {
          const result = await host.handle(channel, args)
          ws.send(JSON.stringify({ id, result }))
        } catch (e) {
          const message = e instanceof RequestError || e instanceof Error ? e.message : String(e)
          ws.send(JSON.stringify({ id, error: message }))
        }
      })
    })
  })

  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    token,
    push,
    async close() {
      await host.dispose()
      for (const s of sockets) s.terminate()
      wss.close()
      await new Promise<void>((r) => server.close(() => r()))
    },
  }
}
