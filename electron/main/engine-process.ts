/**
 * The desktop app runs the training engine as an Electron utilityProcess: a Node process of
 * Electron's own (no ELECTRON_RUN_AS_NODE fuse needed) that a GPU driver fault or an abort ends
 * without touching the window. The engine host sees its exit and reports the run as failed.
 */
import { utilityProcess } from 'electron'
import { fileURLToPath } from 'node:url'
import { stderrTail, type EngineLauncher } from '../../engine/node/engine-process'

export const utilityEngine: EngineLauncher = (entry) => {
  const child = utilityProcess.fork(fileURLToPath(entry), [], {
    serviceName: 'Deepwire training engine',
    stdio: ['ignore', 'inherit', 'pipe'],
  })
  const tail = stderrTail(process.stderr)
  child.stderr?.on('data', tail.push)
  let fatal: string | null = null
  child.on('error', (type, location) => (fatal = `${type} at ${location}`))
  let exitHandler: ((why: string | null) => void) | null = null
  let exited: string | null | undefined
  child.on('exit', (code) => {
    exited = fatal ?? tail.why(code, null)
    exitHandler?.(exited)
  })
  return {
    get pid() {
      return child.pid
    },
    send: (m) => child.postMessage(m),
    onMessage: (h) => child.on('message', h),
    onExit: (h) => {
      exitHandler = h
      if (exited !== undefined) h(exited)
    },
    kill: () => void child.kill(),
  }
}
