/** Training throughput: Deepwire's worker (as the app and CLI train) next to PyTorch. */
import { rmSync } from 'node:fs'
import { startTraining } from '../../engine/node/host'
import type { Tf } from '../../engine/layers/types'
import { fmt, loadDoc, MODELS, ratio, table, torchBench, torchShape, withPytorchPackage } from './models'

const WARMUP = 2

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
    const ref = torchBench(['train', dir, String(m.batch), String(m.steps), String(WARMUP), shape.join(',')])
    rmSync(dir, { recursive: true, force: true })
    const d = await deepwire(m.preset, m.batch, m.steps)
    backend = d.backend
    version = ref[0]?.torch ?? 'not installed'
    const one = ref.find((r) => r.threads === 1)?.samplesPerSec
    const all = ref.at(-1)?.samplesPerSec
    const target = m.name.startsWith('ResNet') ? '≥ 0.5×' : '≥ 1.0×'
    rows.push([
      m.name,
      String(m.batch),
      fmt(d.samplesPerSec),
      one ? fmt(one) : 'n/a',
      ratio(d.samplesPerSec, one),
      all ? `${fmt(all)} (${ref.at(-1)!.threads}t)` : 'n/a',
      ratio(d.samplesPerSec, all),
      target,
    ])
  }
  return `Training throughput (${WARMUP} warm-up steps, then timed steps; Deepwire backend: ${backend}; PyTorch ${version}, same exported model)\n${table(rows)}`
}
