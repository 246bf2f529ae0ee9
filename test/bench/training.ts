/**
 * Training throughput: Deepwire's worker (as the app and CLI train) next to PyTorch, both with
 * the graph's own optimizer. The machine this runs on is shared, so each side is measured
 * BENCH_ROUNDS times (default 2), alternating, and the best run of each is kept: the fastest run
 * is the one least slowed by other work.
 */
import { rmSync } from 'node:fs'
import { startTraining } from '../../engine/node/host'
import type { Tf } from '../../engine/layers/types'
import { fmt, loadDoc, MODELS, ratio, table, torchBench, torchShape, withPytorchPackage } from './models'

const WARMUP = 2
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 2))
const best = (a: number | undefined, b: number | undefined) =>
  a === undefined ? b : b === undefined ? a : Math.max(a, b)

async function deepwire(preset: string, batch: number, steps: number) {
  const graph = loadDoc(preset)
  let t0 = 0
  let seen = 0
  let backend = ''
  const h = startTraining(
    { graph, overrides: { batchSize: batch, epochs: 1000, validationSplit: 0 }, maxBatches: WARMUP + steps },
    (e) => {
      if (e.type === 'run-started') backend = e.backend
      if (e.type === 'batch-end' && ++seen === WARMUP) t0 = performance.now()
    },
  )
  const last = await h.done
  if (last.type === 'failed') throw new Error(last.message)
  return { backend, samplesPerSec: (batch * steps) / ((performance.now() - t0) / 1000) }
}

export async function trainingSection(tf: Tf): Promise<string> {
  const rows = [
    [
      'model',
      'batch',
      'Deepwire samples/s',
      'PyTorch 1 thread',
      'ratio',
      'PyTorch all cores',
      'ratio',
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
    let samplesPerSec = 0
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
      const d = await deepwire(m.preset, m.batch, m.steps)
      backend = d.backend
      samplesPerSec = Math.max(samplesPerSec, d.samplesPerSec)
    }
    rmSync(dir, { recursive: true, force: true })
    const target = m.name.startsWith('ResNet') ? '≥ 0.5×' : '≥ 1.0×'
    rows.push([
      m.name,
      String(m.batch),
      fmt(samplesPerSec),
      one ? fmt(one) : 'n/a',
      ratio(samplesPerSec, one),
      all ? `${fmt(all)} (${allThreads}t)` : 'n/a',
      ratio(samplesPerSec, all),
      target,
    ])
  }
  return `Training throughput (best of ${ROUNDS} alternating runs each; ${WARMUP} warm-up steps, then timed steps; same exported model and optimizer; Deepwire backend: ${backend}; PyTorch ${version})\n${table(rows)}`
}
