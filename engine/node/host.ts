/**
 * Starts training in a worker thread so the caller (CLI, Electron main, web server) never
 * blocks, and turns the worker's messages into TrainEvents. A worker that dies without saying
 * why is reported as a failed run; the last checkpoint on disk is untouched by that.
 */
import { Worker } from 'node:worker_threads'
import type { TrainEvent, TrainRequest, WorkerCommand } from '../protocol'

export interface TrainingHandle {
  stop(): void
  pause(): void
  resume(): void
  /** Ends the worker at once (window closed, engine killed). */
  kill(): Promise<void>
  /** Resolves with the last event: 'finished' or 'failed'. */
  done: Promise<TrainEvent>
}

/** Starts a worker on `entry`; TypeScript entries go through the tsx boot file. */
export function spawnWorker(entry: URL): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry)
  return new Worker(new URL('./ts-worker-boot.mjs', import.meta.url), { workerData: { entry: entry.href } })
}

export function startTraining(request: TrainRequest, onEvent: (e: TrainEvent) => void): TrainingHandle {
  const worker = spawnWorker(
    new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url),
  )
  const send = (c: WorkerCommand) => worker.postMessage(c)
  let last: TrainEvent | null = null
  const done = new Promise<TrainEvent>((resolve) => {
    worker.on('message', (e: TrainEvent) => {
      if (e.type === 'finished' || e.type === 'failed') last = e
      onEvent(e)
    })
    worker.on('error', (err) => {
      last ??= { type: 'failed', message: `the training worker crashed: ${err.message}` }
      onEvent(last)
    })
    worker.on('exit', (code) => {
      if (!last) {
        last = { type: 'failed', message: `the training worker stopped unexpectedly (exit code ${code})` }
        onEvent(last)
      }
      resolve(last)
    })
  })
  send({ type: 'train', request })
  return {
    stop: () => send({ type: 'stop' }),
    pause: () => send({ type: 'pause' }),
    resume: () => send({ type: 'resume' }),
    kill: async () => {
      await worker.terminate()
    },
    done,
  }
}
