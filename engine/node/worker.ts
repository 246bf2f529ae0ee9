/**
 * The training engine's entry, run in its own OS process (see parent-port.ts): receives
 * commands from the host, runs one training run, export or inspection, posts TrainEvents back.
 * Commands are validated: the host forwards what the UI sent.
 */
import { importModelFile } from './import-model'
import * as tf from '@tensorflow/tfjs'
import { workerCommandSchema, type TrainEvent } from '../protocol'
import type { Control } from '../train/loop'
import { initHostBackend } from '../backend/select'
import { nodeReplicas } from '../train/parallel/node-replicas'
import { listDevices } from '../backend/devices'
import { executeExport } from './export'
import { executeInspect } from './inspect'
import { connectToParent } from './parent-port'
import { executeRun } from './run'
import { executeStylize } from './stylize'

const port = connectToParent()
const emit = (e: TrainEvent) => port.post(e)

let resumeWaiter: (() => void) | null = null
let paused = false
let holding = false
const control: Control = {
  stopRequested: false,
  // 'paused' is said where the loop actually holds: a data-parallel step in flight (whose waits
  // let commands in) still finishes and reports its batch first
  whilePaused: () => {
    if (!paused) return Promise.resolve()
    if (!holding) emit({ type: 'paused' })
    holding = true
    return new Promise<void>((r) => (resumeWaiter = r))
  },
}
let running = false

/**
 * A one-shot job (export, inspection, the device list): its result or its failure is the
 * worker's last event. The device list only describes backends, so it activates none.
 */
function runOnce(job: () => Promise<TrainEvent>, backend = true) {
  if (running) return emit({ type: 'failed', message: 'the worker is busy' })
  running = true
  void (backend ? initHostBackend(tf) : Promise.resolve())
    .then(job)
    .then(emit, (e: unknown) => emit({ type: 'failed', message: e instanceof Error ? e.message : String(e) }))
    .finally(() => {
      running = false
      port.close()
    })
}

port.onMessage((raw: unknown) => {
  const parsed = workerCommandSchema.safeParse(raw)
  if (!parsed.success) {
    emit({
      type: 'failed',
      message: `invalid command for the training worker: ${parsed.error.issues[0]?.message}`,
    })
    return
  }
  const cmd = parsed.data
  if (cmd.type === 'train') {
    if (running) return emit({ type: 'failed', message: 'a training run is already in progress' })
    running = true
    void executeRun(tf, cmd.request, emit, control, nodeReplicas).finally(() => {
      running = false
      port.close()
    })
  } else if (cmd.type === 'export') {
    runOnce(() =>
      executeExport(tf, cmd.request, (phase) => emit({ type: 'export-phase', phase })).then((result) => ({
        type: 'exported',
        result,
      })),
    )
  } else if (cmd.type === 'inspect') {
    runOnce(() => executeInspect(tf, cmd.request).then((result) => ({ type: 'inspected', result })))
  } else if (cmd.type === 'stylize') {
    // a Stop arriving while it runs sets control.stopRequested, which the optimisation checks each step
    runOnce(() =>
      executeStylize(tf, cmd.request, emit, control).then((result) => ({ type: 'stylized', result })),
    )
  } else if (cmd.type === 'import') {
    runOnce(() =>
      importModelFile(async () => tf, cmd.file, cmd.outDir, cmd.checkpoint).then((r) => ({
        type: 'imported',
        result: {
          graph: r.graph,
          checkpoint: r.checkpoint,
          nodes: r.nodes,
          trainableParams: r.trainableParams,
          warnings: r.warnings,
        },
      })),
    )
  } else if (cmd.type === 'devices') {
    runOnce(() => listDevices().then((result) => ({ type: 'devices', result })), false)
  } else if (cmd.type === 'stop') {
    control.stopRequested = true
    paused = false
    resumeWaiter?.()
  } else if (cmd.type === 'pause' && !paused) {
    paused = true
  } else if (cmd.type === 'resume' && paused) {
    paused = false
    resumeWaiter?.()
    resumeWaiter = null
    if (holding) emit({ type: 'resumed' })
    holding = false
  }
})
