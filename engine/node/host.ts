/**
 * Starts training in a worker thread so the caller (CLI, Electron main, web server) never
 * blocks, and turns the worker's messages into TrainEvents. A worker that dies without saying
 * why is reported as a failed run; the last checkpoint on disk is untouched by that.
 */
import { Worker } from 'node:worker_threads'
import type {
  ExportRequest,
  ExportResult,
  InspectRequest,
  InspectResult,
  TrainEvent,
  TrainRequest,
  WorkerCommand,
} from '../protocol'

export interface TrainingHandle {
  stop(): void
  pause(): void
  resume(): void
  /** Ends the worker at once (window closed, engine killed). */
  kill(): Promise<void>
  /** Resolves with the last event: 'finished' or 'failed'. */
  done: Promise<TrainEvent>
}

const WORKER = new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url)

/** Starts a worker on `entry`; TypeScript entries go through the tsx boot file. */
export function spawnWorker(entry: URL): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry)
  return new Worker(new URL('./ts-worker-boot.mjs', import.meta.url), { workerData: { entry: entry.href } })
}

export function startTraining(request: TrainRequest, onEvent: (e: TrainEvent) => void): TrainingHandle {
  const worker = spawnWorker(WORKER)
  const send = (c: WorkerCommand) => worker.postMessage(c)
  const done = watch(worker, onEvent)
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

/** Runs one command to completion in its own worker thread and returns its final event. */
async function runOnce(command: WorkerCommand): Promise<TrainEvent> {
  const worker = spawnWorker(WORKER)
  worker.postMessage(command)
  const last = await watch(worker, () => {})
  if (last.type === 'failed') throw new Error(last.message)
  return last
}

const unexpected = () => new Error('the worker stopped unexpectedly')

/** Exports in a worker thread (tfjs work would block an Electron main process for seconds). */
export async function runExport(request: ExportRequest): Promise<ExportResult> {
  const last = await runOnce({ type: 'export', request })
  if (last.type === 'exported') return last.result
  throw unexpected()
}

/** Activations, filters or a decision boundary of a saved run, computed in a worker thread. */
export async function runInspect(request: InspectRequest): Promise<InspectResult> {
  const last = await runOnce({ type: 'inspect', request })
  if (last.type === 'inspected') return last.result
  throw unexpected()
}

/** Forwards a worker's events and resolves with its final one (finished, exported or failed). */
function watch(worker: Worker, onEvent: (e: TrainEvent) => void): Promise<TrainEvent> {
  let last: TrainEvent | null = null
  return new Promise<TrainEvent>((resolve) => {
    worker.on('message', (e: TrainEvent) => {
      if (e.type === 'finished' || e.type === 'failed' || e.type === 'exported' || e.type === 'inspected')
        last = e
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
}
