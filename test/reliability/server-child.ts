/**
 * The web server in a child process with a heap cap, and a client for it: the hostile-client
 * suites see a crash as an exit, measure the server's own peak memory, and time its answers.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import WebSocket from 'ws'

const ROOT = path.resolve(__dirname, '../..')

export interface Reply {
  id: unknown
  result?: unknown
  error?: string
}

export interface ServerChild {
  port: number
  token: string
  dataDir: string
  child: ChildProcess
  /** The exit code or signal once the server has ended; null while it runs. */
  ended(): string | null
  /** The child's peak resident memory so far, in MiB (Linux: VmHWM). */
  peakRssMiB(): number
  connect(): Promise<WebSocket>
  stop(): Promise<void>
}

/** Sends one frame and resolves with the answer carrying `id` (pushes and other answers skipped). */
export function ask(ws: WebSocket, frame: string, id: unknown): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const onClose = () => reject(new Error(`the connection closed before answer ${String(id)}`))
    const onMessage = (d: WebSocket.RawData) => {
      const msg = JSON.parse(String(d)) as Reply & { push?: string }
      if (msg.push !== undefined || msg.id !== id) return
      ws.off('message', onMessage)
      ws.off('close', onClose)
      resolve(msg)
    }
    ws.on('message', onMessage)
    ws.once('close', onClose)
    ws.send(frame)
  })
}

export async function startServerChild(maxHeapMiB = 1024): Promise<ServerChild> {
  const staticDir = mkdtempSync(path.join(os.tmpdir(), 'dw-static-'))
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Deepwire</title>')
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dw-serve-'))
  mkdirSync(path.join(dataDir, 'projects'))
  const child = spawn(
    process.execPath,
    [
      `--max-old-space-size=${maxHeapMiB}`,
      '--import',
      'tsx',
      path.join(__dirname, 'fixtures/serve.ts'),
      staticDir,
      dataDir,
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let end: string | null = null
  child.on('exit', (code, signal) => (end = signal ?? `exit ${code}`))
  let stderr = ''
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d).slice(-4000)))
  const { url, token } = await new Promise<{ url: string; token: string }>((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (d: Buffer) => {
      out += d
      const line = out.split('\n').find((l) => l.startsWith('{'))
      if (line) resolve(JSON.parse(line) as { url: string; token: string })
    })
    child.on('exit', () => reject(new Error(`the server did not start: ${stderr}`)))
  })
  const port = Number(new URL(url).port)
  return {
    port,
    token,
    dataDir,
    child,
    ended: () => end,
    peakRssMiB() {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))
      return m ? Number(m[1]) / 1024 : NaN
    },
    connect: () =>
      new Promise((resolve, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${token}`, {
          headers: { origin: `http://127.0.0.1:${port}` },
          maxPayload: 256 * 2 ** 20,
        })
        // the tests keep dozens of requests waiting on one socket
        ws.setMaxListeners(100)
        ws.on('open', () => resolve(ws))
        ws.on('error', reject)
      }),
    async stop() {
      if (end) return
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(timer)
    },
  }
}
