/**
 * A data-parallel replica thread: rebuilds the leader's run (backend, graph, dataset, seed,
 * optimizer, checkpoint), then serves the leader's commands from shared memory until told to
 * stop. Its only messages are a failure, which ends it.
 */
import { parentPort } from 'node:worker_threads'
import * as tf from '@tensorflow/tfjs'
import { initBackend, type BackendPreference } from '../../backend/select'
import { loadDataset } from '../../data/registry'
import { analyze } from '../../graph/analyze'
import { restoreState } from '../state'
import { transferWeights } from '../transfer'
import type { ReplicaInit } from './group'
import { GradientExchange } from './exchange'
import { trainSession } from './session'
import { Op, SharedState } from './shared'

if (!parentPort) throw new Error('replica-worker.ts must run in a worker thread')
const port = parentPort

async function serve(init: ReplicaInit) {
  await initBackend(tf, init.backend as BackendPreference)
  const analysis = analyze(init.doc)
  if (!analysis.ok) throw new Error(analysis.errors[0].message)
  const { name, ...opts } = init.cfg.dataset
  const ds = await loadDataset(name, { ...opts, seed: init.cfg.seed })
  const session = trainSession(tf, analysis, init.cfg, ds)
  if (init.resume) await restoreState(tf, session.model, session.stepper.optimizer, init.resume)
  else if (init.initFrom)
    transferWeights(tf, session.model, session.layerNames, init.initFrom.checkpoint, init.initFrom.label)
  const shared = new SharedState(init.layout, init.buffer)
  const exchange = new GradientExchange(tf, session, shared, init.rank)
  // blocking waits from here on: this thread does nothing but follow the leader
  while (shared.barrierSync()) {
    const op = shared.op
    if (op === Op.Stop) return
    if (op === Op.Fingerprint) {
      exchange.recordFingerprint()
      if (!shared.barrierSync()) return
      continue
    }
    session.stepper.setLearningRate(shared.lr[0])
    await exchange.computePart(shared.epoch, shared.batch)
    if (!shared.barrierSync()) return
    exchange.reduceChunk()
    if (!shared.barrierSync()) return
    exchange.apply()
  }
}

port.once('message', (init: ReplicaInit) => {
  serve(init).then(
    () => port.close(),
    (e: unknown) => {
      const nodeId = (e as { nodeId?: unknown })?.nodeId
      port.postMessage({
        type: 'failed',
        message: e instanceof Error ? e.message : String(e),
        ...(typeof nodeId === 'string' ? { nodeId } : {}),
      })
      port.close()
    },
  )
})
