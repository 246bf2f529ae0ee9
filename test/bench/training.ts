/**
 * Training throughput: Deepwire's worker (as the app and CLI train) next to PyTorch, both with
 * the graph's own optimizer; Deepwire on one thread against PyTorch on one, then Deepwire
 * data-parallel on every core (training.workers) against PyTorch on every core. The machine this runs on is shared, so each side is measured
 * BENCH_ROUNDS times (default 2), alternating, and the best run of each is kept: the fastest run
 * is the one least slowed by other work.
 */
import { rmSync } from 'node:fs'
import os from 'node:os'
import { startTraining } from '../../engine/node/host'
import type { Tf } from '../../engine/layers/types'
import { fmt, loadDoc, MODELS, ratio, table, torchBench, torchShape, withPytorchPackage } from './models'

const WARMUP = 2
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 2))
const best = (a: number | undefined, b: number | undefined) =>
  a === undefined ? b : b === undefined ? a : Math.max(a, b)

async function deepwire(preset: string, batch: number, steps: number, workers: number) {
  const graph = loadDoc(preset)
  let t0 = 0
  let t1 = 0
  let seen = 0
  let backend = ''
  const h = startTraining(
    {
      graph,
      overrides: { batchSize: batch, epochs: 1000, split: 'holdout', validationSplit: 0, workers },
      maxBatches: WARMUP + steps,
    },
    (e) => {
      if (e.type === 'run-started') backend = e.backendDetail
      // timed from the end of the warm-up to the end of the last step: the run's teardown (ending
      // the worker and its replicas) is not training
      if (e.type === 'batch-end' && ++seen === WARMUP) t0 = performance.now()
      if (e.type === 'batch-end' && seen === WARMUP + steps) t1 = performance.now()
    },
  )
  const last = await h.done
  if (last.type === 'failed') throw new Error(last.message)
  return { backend, samplesPerSec: (batch * steps) / ((t1 - t0) / 1000) }
}

export async function trainingSection(tf: Tf): Promise<string> {
  const cores = os.availableParallelism()
  const rows = [
    [
      'model',
      'batch',
      'Deepwire 1 worker',
      'PyTorch 1 thread',
      'ratio',
      `Deepwire ${cores} workers`,
      'PyTorch all cores',
      'ratio',
      `1→${cores} workers`,
      'target',
    ],
  ]
  let backend = ''
  let version = ''
  for (const m of MODELS) {
    const doc = loadDoc(m.preset)
    const { model, dir } = await withPytorchPackage(tf, doc)
    model.model.dispose()
    const shape = torchShape(model.analysis.order.find((n) => n.type === 'Input')!.outputShape)
    let one: number | undefined
    let all: number | undefined
    let allThreads = 0
    let single = 0
    let parallel = 0
    for (let round = 0; round < ROUNDS; round++) {
      const ref = torchBench([
        'train',
        dir,
        String(m.batch),
        String(m.steps),
        String(WARMUP),
        JSON.stringify(doc.training.optimizer),
        shape.join(','),
      ])
      version = ref[0]?.torch ?? 'not installed'
      one = best(one, ref.find((r) => r.threads === 1)?.samplesPerSec)
      all = best(all, ref.at(-1)?.samplesPerSec)
      allThreads = ref.at(-1)?.threads ?? 0
      const d = await deepwire(m.preset, m.batch, m.steps, 1)
      backend = d.backend
      single = Math.max(single, d.samplesPerSec)
      if (cores > 1)
        parallel = Math.max(parallel, (await deepwire(m.preset, m.batch, m.steps, cores)).samplesPerSec)
    }
    rmSync(dir, { recursive: true, force: true })
    const target = m.name.startsWith('ResNet') ? '≥ 0.5×' : '≥ 1.0×'
    rows.push([
      m.name,
      String(m.batch),
      fmt(single),
      one ? fmt(one) : 'n/a',
      ratio(single, one),
      parallel ? fmt(parallel) : 'n/a',
      all ? `${fmt(all)} (${allThreads}t)` : 'n/a',
      ratio(parallel, all),
      ratio(parallel, single),
      target,
    ])
  }
  const [load1, load5] = os.loadavg()
  return `Training throughput (best of ${ROUNDS} alternating runs each; ${WARMUP} warm-up steps, then timed steps; same exported model and optimizer; Deepwire backend: ${backend}, data-parallel over worker threads in the parallel column; PyTorch ${version}; load average ${load1.toFixed(2)} / ${load5.toFixed(2)} at the end)\n${table(rows)}`
}
