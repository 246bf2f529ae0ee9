/**
 * The training engine's line to whoever started it. The engine runs in its own OS process (a
 * Node child process, or Electron's utilityProcess in the desktop app) so that a GPU driver
 * crash or an out-of-memory abort ends that process only; tests that embed the bundled entry
 * may still start it as a worker thread. One small interface over the three.
 */
import { parentPort as threadPort } from 'node:worker_threads'

export interface ParentPort {
  post(message: unknown): void
  onMessage(handler: (message: unknown) => void): void
  /** Delivers what was posted, then lets this process (or thread) end. */
  close(): void
}

/** Electron's utilityProcess child: `process.parentPort` with MessageEvent-style messages. */
interface UtilityParentPort {
  postMessage(message: unknown): void
  on(event: 'message', handler: (e: { data: unknown }) => void): void
}

export function connectToParent(): ParentPort {
  if (threadPort) {
    const port = threadPort
    return {
      post: (m) => port.postMessage(m),
      onMessage: (h) => port.on('message', h),
      close: () => port.close(),
    }
  }
  const utility = (process as { parentPort?: UtilityParentPort }).parentPort
  if (utility)
    return {
      post: (m) => utility.postMessage(m),
      onMessage: (h) => utility.on('message', (e) => h(e.data)),
      // postMessage has handed the message over synchronously; nothing else keeps us alive
      close: () => setImmediate(() => process.exit(0)),
    }
  if (process.send) return forkedPort()
  throw new Error('the training engine must be started as a child process or a worker thread')
}

/** A child_process.fork child: IPC sends are queued, so exit only once the last one is out. */
function forkedPort(): ParentPort {
  let pending = 0
  let closing = false
  const end = () => {
    if (!closing || pending > 0) return
    process.disconnect?.()
    // the replicas or a GPU device may hold handles open: the run is over either way
    setTimeout(() => process.exit(0), 100)
  }
  // the host is gone (its process ended): nobody is left to report to
  process.on('disconnect', () => process.exit(0))
  // Ctrl+C in a terminal reaches the whole process group: the host turns it into a Stop, which
  // ends the run at the next batch with its checkpoint written
  process.on('SIGINT', () => {})
  return {
    post: (m) => {
      pending++
      process.send!(m, undefined, undefined, () => {
        pending--
        end()
      })
    },
    onMessage: (h) => process.on('message', h),
    close: () => {
      closing = true
      end()
    },
  }
}
