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
import { createEngineHost } from './engine-host'
import { serveExport } from './export-downloads'
import { createFrameHandler, dropIfNotReading, MAX_UPLOAD_FRAME } from './ws-requests'

export { MAX_FRAME, MAX_UPLOAD_FRAME } from './ws-requests'

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

/** URL path prefix of exported files (see export-downloads.ts). */
export const EXPORTS_PREFIX = '/exports/'

/** Pages open at once: a user has one or two; each may hold an upload's buffers. */
export const MAX_CONNECTIONS = 8

/** Served with every response: no framing by other sites, no MIME sniffing, our CSP. */
const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self' ws://127.0.0.1:* ws://localhost:*; frame-ancestors 'none'; object-src 'none'; base-uri 'none'",
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

/**
 * One static file of the built renderer, or 400 (a path that does not decode, a NUL), 403
 * (outside the folder), 404 or 405 (a method other than GET or HEAD).
 */
async function serveStatic(root: string, req: http.IncomingMessage, res: http.ServerResponse) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { ...SECURITY_HEADERS, allow: 'GET, HEAD' }).end()
    return
  }
  let rel: string
  try {
    const { pathname } = new URL(req.url ?? '/', 'http://127.0.0.1')
    rel = decodeURIComponent(pathname === '/' ? '/index.html' : pathname)
  } catch {
    res.writeHead(400, SECURITY_HEADERS).end('bad request: the path is not valid percent-encoded UTF-8')
    return
  }
  if (rel.includes('\0')) {
    res.writeHead(400, SECURITY_HEADERS).end('bad request: the path holds a NUL character')
    return
  }
  const file = path.resolve(root, '.' + rel)
  if (!file.startsWith(root + path.sep)) {
    res.writeHead(403, SECURITY_HEADERS).end()
    return
  }
  let body: Buffer
  try {
    body = await fs.readFile(file)
  } catch {
    res.writeHead(404, SECURITY_HEADERS).end('not found')
    return
  }
  res
    .writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    })
    .end(req.method === 'HEAD' ? undefined : body)
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
    for (const s of sockets) if (!dropIfNotReading(s)) s.send(msg, () => {})
  }
  const dataDir = opts.dataDir ?? path.join(os.homedir(), 'Deepwire')
  const host = createEngineHost({ dataDir, push })
  const exportsDir = path.join(dataDir, 'exports')
  /** Exported files for the page that asked for them: the same per-launch token as the socket. */
  async function serveDownload(req: http.IncomingMessage, res: http.ServerResponse, url: URL) {
    const send = (status: number, headers: Record<string, string> = {}, body?: string) =>
      void res.writeHead(status, { ...SECURITY_HEADERS, ...headers }).end(body)
    if (!sameToken(url.searchParams.get('token'), token)) return send(403)
    await serveExport(exportsDir, url.pathname.slice(EXPORTS_PREFIX.length), req, res, (s, h, b) =>
      s === 200 ? void res.writeHead(s, { ...SECURITY_HEADERS, ...h }) : send(s, h, b),
    )
  }

  let port = 0
  const server = http.createServer((req, res) => {
    // nothing a request holds may end the server: whatever throws becomes a 500 for that request
    const route = async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      return url.pathname.startsWith(EXPORTS_PREFIX)
        ? serveDownload(req, res, url)
        : serveStatic(root, req, res)
    }
    route().catch(() => {
      if (!res.headersSent) res.writeHead(500, SECURITY_HEADERS)
      res.end()
    })
  })

  const onFrame = createFrameHandler(host)
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_UPLOAD_FRAME })
  server.on('upgrade', (req, socket, head) => {
    // a client that resets the connection mid-handshake must not become an unhandled 'error'
    socket.on('error', () => socket.destroy())
    const refuse = (status: string) => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`)
      socket.destroy()
    }
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      const origin = req.headers.origin
      const allowed = [`http://127.0.0.1:${port}`, `http://localhost:${port}`]
      if (
        url.pathname !== '/ws' ||
        !sameToken(url.searchParams.get('token'), token) ||
        !origin ||
        !allowed.includes(origin)
      )
        return refuse('403 Forbidden')
      // every open page holds buffers of up to an upload's size: a bounded number of them
      if (sockets.size >= MAX_CONNECTIONS) return refuse('503 Service Unavailable')
      wss.handleUpgrade(req, socket, head, (ws) => {
        sockets.add(ws)
        ws.on('close', () => sockets.delete(ws))
        // an oversize or malformed frame: ws closes the socket itself (1009/1002); without a
        // listener the error event would take the whole server down
        ws.on('error', () => ws.terminate())
        ws.on('message', (data: Buffer) => onFrame(ws, data))
      })
    } catch {
      refuse('400 Bad Request')
    }
  })

  await new Promise<void>((resolve, reject) => {
    const failed = (e: NodeJS.ErrnoException) =>
      reject(new Error(`cannot listen on 127.0.0.1:${opts.port ?? 0} (${e.code ?? e.message})`, { cause: e }))
    server.once('error', failed)
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', failed)
      resolve()
    })
  })
  // once listening, an error is one connection's (EMFILE when a flood uses every file handle):
  // the server keeps accepting the others
  server.on('error', () => {})
  const address = server.address()
  port = typeof address === 'object' && address ? address.port : 0
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
