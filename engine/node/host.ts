/**
 * Starts training in the engine's own process so the caller (CLI, Electron main, web server)
 * never blocks and survives whatever happens there, and turns the engine's messages into
 * TrainEvents. An engine that dies without saying why is reported as a failed run with the
 * reason its process gave; the last checkpoint on disk is untouched by that.
 */
import { Worker } from 'node:worker_threads'
import { checkDepth } from '../budget/untrusted'
import type {
  EpochRecord,
  ExportPhase,
  ExportRequest,
  ExportResult,
  ImportedModel,
  InspectRequest,
  InspectResult,
  StylizedResult,
  StylizeRequest,
  TrainEvent,
  TrainRequest,
  WorkerCommand,
} from '../protocol'
import type { DevicesReport } from '../backend/devices'
import { launchEngine, type EngineProcess } from './engine-process'

export interface TrainingHandle {
  stop(): void
  pause(): void
  resume(): void
  /** Ends the engine's process at once (window closed, server shutting down). */
  kill(): Promise<void>
  /** The engine process's id (tests kill it to prove a crash stays contained). */
  readonly pid: number | undefined
  /** Resolves with the last event: 'finished' or 'failed'. */
  done: Promise<TrainEvent>
}

const ENGINE = new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url)

/** Starts a worker thread on `entry` (data-parallel replicas); TypeScript entries go through the tsx boot file. */
export function spawnWorker(entry: URL): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry)
  return new Worker(new URL('./ts-worker-boot.mjs', import.meta.url), { workerData: { entry: entry.href } })
}

/**
 * How long Stop waits for the engine to end by itself. Model build, data loading and a long
 * convolution step do not look at the stop flag, so after this the host ends the process: the
 * user's Stop acts within about a second in every phase. Nothing is lost: a stopped run's
 * partial epoch is never saved, and checkpoints are written atomically.
 */
export const STOP_GRACE_MS = 1000

/**
 * Hands the engine its job; a request that cannot be sent ends the engine at once, so no
 * process is left waiting for a job that never comes.
 */
function sendJob(engine: EngineProcess, command: WorkerCommand): void {
  try {
    engine.send(command)
  } catch (e) {
    engine.kill()
    throw new Error(`the request could not be handed to the training engine: ${(e as Error).message}`, {
      cause: e,
    })
  }
}

export function startTraining(
  request: TrainRequest,
  onEvent: (e: TrainEvent) => void,
  entry: URL = ENGINE,
): TrainingHandle {
  // copying the request into the engine's process recurses: bound it before a process exists
  checkDepth(request, 'the training request')
  const engine = launchEngine(entry)
  const send = (c: WorkerCommand) => engine.send(c)
  let stopping: ReturnType<typeof setTimeout> | null = null
  let forced = false
  // what the engine would have said on a cooperative stop, kept from its events
  let startEpoch = 0
  const history: EpochRecord[] = []
  const seen = (e: TrainEvent) => {
    if (e.type === 'run-started') startEpoch = e.startEpoch
    if (e.type === 'epoch-end') {
      const { epoch, loss, valLoss, metrics, valMetrics, lr, confusion } = e
      history.push({ epoch, loss, valLoss, metrics, valMetrics, lr, ...(confusion ? { confusion } : {}) })
    }
    onEvent(e)
  }
  const done = watch(engine, seen, (why) =>
    forced
      ? // this run's epochs only: a resumed run's earlier ones are in its checkpoint
        { type: 'finished', reason: 'stopped', epochs: startEpoch + history.length, history }
      : {
          type: 'failed',
          message: `the training engine stopped unexpectedly (${why ?? 'it exited without a result'}); the last checkpoint is kept`,
        },
  )
  void done.then(() => stopping && clearTimeout(stopping))
  sendJob(engine, { type: 'train', request })
  return {
    stop: () => {
      send({ type: 'stop' })
      stopping ??= setTimeout(() => {
        forced = true
        engine.kill()
      }, STOP_GRACE_MS)
    },
    pause: () => send({ type: 'pause' }),
    resume: () => send({ type: 'resume' }),
    kill: async () => {
      engine.kill()
      await done
    },
    get pid() {
      return engine.pid
    },
    done,
  }
}

export interface StylizeHandle {
  /** Ends the optimisation after its current step; the image so far is still written. */
  stop(): void
  kill(): Promise<void>
  /** Resolves with the result, or rejects with why there is none. */
  done: Promise<StylizedResult>
}

/**
 * A style transfer in the engine's process, streaming step losses and previews. Stop is
 * cooperative (the loop looks between steps); one step that outlasts the grace ends the process.
 */
export function startStylize(request: StylizeRequest, onEvent: (e: TrainEvent) => void): StylizeHandle {
  checkDepth(request, 'the style transfer request')
  const engine = launchEngine(ENGINE)
  let stopping: ReturnType<typeof setTimeout> | null = null
  let forced = false
  const last = watch(engine, onEvent, (why) => ({
    type: 'failed',
    message: forced
      ? 'stopped: one step took longer than a second to end, so no image was saved'
      : `the engine stopped unexpectedly (${why ?? 'it exited without a result'})`,
  }))
  void last.then(() => stopping && clearTimeout(stopping))
  sendJob(engine, { type: 'stylize', request })
  const done = last.then((e) => {
    if (e.type === 'stylized') return e.result
    throw new Error(e.type === 'failed' ? e.message : 'the engine stopped unexpectedly')
  })
  // the caller hears failures through onEvent; an unobserved rejection must not end the host
  done.catch(() => {})
  return {
    stop: () => {
      try {
        engine.send({ type: 'stop' })
      } catch {
        // the engine has ended already: nothing left to stop
      }
      stopping ??= setTimeout(() => {
        forced = true
        engine.kill()
      }, STOP_GRACE_MS)
    },
    kill: async () => {
      engine.kill()
      await last
    },
    done,
  }
}

/** Runs one command to completion in its own engine process and returns its final event. */
async function runOnce(
  command: WorkerCommand,
  onEvent: (e: TrainEvent) => void = () => {},
): Promise<TrainEvent> {
  checkDepth(command, 'the request')
  const engine = launchEngine(ENGINE)
  const done = watch(engine, onEvent, (why) => ({
    type: 'failed',
    message: `the engine stopped unexpectedly (${why ?? 'it exited without a result'})`,
  }))
  sendJob(engine, command)
  const last = await done
  if (last.type === 'failed') throw new Error(last.message)
  return last
}

const unexpected = () => new Error('the training engine stopped unexpectedly')

/** Exports in the engine's process (tfjs work would block an Electron main process for seconds). */
export async function runExport(
  request: ExportRequest,
  onPhase: (phase: ExportPhase) => void = () => {},
): Promise<ExportResult> {
  const last = await runOnce({ type: 'export', request }, (e) => {
    if (e.type === 'export-phase') onPhase(e.phase)
  })
  if (last.type === 'exported') return last.result
  throw unexpected()
}

/** Activations, filters or a decision boundary of a saved run, computed in the engine's process. */
export async function runInspect(request: InspectRequest): Promise<InspectResult> {
  const last = await runOnce({ type: 'inspect', request })
  if (last.type === 'inspected') return last.result
  throw unexpected()
}

/** Imports an ONNX model in the engine's process (reading and compiling it is tfjs work). */
export async function runImport(file: string, outDir: string, checkpoint: string): Promise<ImportedModel> {
  const last = await runOnce({ type: 'import', file, outDir, checkpoint })
  if (last.type === 'imported') return last.result
  throw unexpected()
}

/**
 * The backends and GPU adapters the engine's process finds. Asked there, not here: loading a
 * GPU driver into the app's own process is what the separate process is for.
 */
export async function listEngineDevices(): Promise<DevicesReport> {
  const last = await runOnce({ type: 'devices' })
  if (last.type === 'devices') return last.result
  throw unexpected()
}

/**
 * Forwards the engine's events and resolves with its final one (finished, exported or failed);
 * `ended` says what an engine that exits without a final event amounts to.
 */
function watch(
  engine: EngineProcess,
  onEvent: (e: TrainEvent) => void,
  ended: (why: string | null) => TrainEvent,
): Promise<TrainEvent> {
  let last: TrainEvent | null = null
  return new Promise<TrainEvent>((resolve) => {
    engine.onMessage((m) => {
      const e = m as TrainEvent
      if (
        e.type === 'finished' ||
        e.type === 'failed' ||
        e.type === 'exported' ||
        e.type === 'inspected' ||
        e.type === 'devices' ||
        e.type === 'stylized' ||
        e.type === 'imported'
      )
        last = e
      onEvent(e)
    })
    engine.onExit((why) => {
      if (!last) {
        last = ended(why)
        onEvent(last)
      }
      resolve(last)
    })
  })
}
