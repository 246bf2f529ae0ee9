/**
 * Starts the training engine in its own OS process. A GPU driver fault, a wasm abort or the
 * V8 heap running out then ends that process only: the host sees it exit, reports a `failed`
 * event with the reason, and the run's last checkpoint stays on disk as it was. Node hosts
 * (CLI, web server, tests) fork a Node child; the desktop app plugs in Electron's
 * utilityProcess with `useEngineLauncher`.
 */
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { withoutDriverChatter } from './driver-chatter'

export interface EngineProcess {
  readonly pid: number | undefined
  send(message: unknown): void
  onMessage(handler: (message: unknown) => void): void
  /** Called once, when the process has ended; `why` is null after a clean exit. */
  onExit(handler: (why: string | null) => void): void
  kill(): void
}

export type EngineLauncher = (entry: URL) => EngineProcess

/** How much of the child's stderr is kept to explain a crash. */
const STDERR_TAIL = 4096

/**
 * Keeps the end of the engine's stderr and passes it on without GPU-probing chatter; `why`
 * names the last meaningful line when the engine ends badly.
 */
export function stderrTail(forward: NodeJS.WritableStream | null) {
  let tail = ''
  const filter = withoutDriverChatter((text) => {
    forward?.write(text)
    tail = (tail + text).slice(-STDERR_TAIL)
  })
  return {
    push(chunk: Buffer | string) {
      filter.push(String(chunk))
    },
    why(code: number | null, signal: string | null): string | null {
      filter.end()
      if (code === 0 && !signal) return null
      const line = tail
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
        .findLast((l) => /error|abort|fatal|memory|killed|signal/i.test(l))
      const how = signal ? `signal ${signal}` : `exit code ${code}`
      return line ? `${how}: ${line.slice(0, 200)}` : how
    },
  }
}

const TS_BOOT = new URL('./ts-worker-boot.mjs', import.meta.url)

/** child_process.fork; TypeScript entries (CLI, tests) go through the tsx boot file. */
export const forkEngine: EngineLauncher = (entry) => {
  const ts = entry.pathname.endsWith('.ts')
  const child = fork(fileURLToPath(ts ? TS_BOOT : entry), ts ? [entry.href] : [], {
    // typed arrays and Maps cross as they are, like worker_threads messages
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  })
  const tail = stderrTail(process.stderr)
  child.stderr?.on('data', tail.push)
  let exitHandler: ((why: string | null) => void) | null = null
  let exited: string | null | undefined
  const ended = (why: string | null) => {
    if (exited !== undefined) return
    exited = why
    exitHandler?.(why)
  }
  child.on('error', (e) => {
    // spawning failed (no 'exit' follows) or a message could not be sent to a dying child
    if (child.pid === undefined) ended(`it could not start: ${e.message}`)
  })
  // 'close', not 'exit': messages still in the IPC pipe arrive before it
  child.on('close', (code, signal) => ended(tail.why(code, signal)))
  return {
    pid: child.pid,
    send: (m) => {
      if (child.connected) child.send(m as object)
    },
    onMessage: (h) => child.on('message', h),
    onExit: (h) => {
      exitHandler = h
      if (exited !== undefined) h(exited)
    },
    kill: () => child.kill('SIGKILL'),
  }
}

let launcher: EngineLauncher = forkEngine

/** The desktop app starts the engine as an Electron utilityProcess instead of a Node child. */
export function useEngineLauncher(l: EngineLauncher) {
  launcher = l
}

export const launchEngine = (entry: URL) => launcher(entry)
