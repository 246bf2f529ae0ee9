/**
 * Profiler evidence for the training targets: `npx tsx test/bench/profile.ts` runs one training
 * step of each bench model (BENCH_MODELS picks them, as for `npm run bench`) on the wasm backend
 * under tf.profile and prints the kernels that took the most time. The step is the training
 * loop's own (engine/train/step.ts); the data is random, only its shape matters.
 * PROFILE_TOP=n prints n kernels (default 12); PROFILE_CALLS=Kernel,… also lists every call of
 * those kernels with its shapes, to tell which layer costs what.
 *
 * It ends with the arithmetic rate of single convolutions (the layers these models spend their
 * time in) on wasm and in PyTorch on one thread: what bounds a training step that is mostly
 * convolutions, whatever the step around them does.
 */
import * as tf from '@tensorflow/tfjs'
import { initBackend } from '../../engine/backend/select'
import { compile } from '../../engine/compile/compile'
import { analyze } from '../../engine/graph/analyze'
import type { Tf } from '../../engine/layers/types'
import { outputHead } from '../../engine/train/head'
import { makeLoss } from '../../engine/train/losses'
import { makeMetric } from '../../engine/train/metrics'
import { makeStepper } from '../../engine/train/optimizer'
import { makeTrainStep } from '../../engine/train/step'
import { fmt, loadDoc, MODELS, table, torchBench } from './models'

const TOP = Number(process.env.PROFILE_TOP ?? 12)
const CALLS = new Set(process.env.PROFILE_CALLS?.split(',') ?? [])
const t = tf as unknown as Tf

interface Row {
  ms: number
  calls: number
  slowest: number
  shapes: string
}

const shapesOf = (k: { inputShapes: (number[] | null)[] }) =>
  k.inputShapes.map((s) => `[${s?.join(',') ?? ''}]`).join(' ')

async function profileModel(name: string, preset: string, batch: number): Promise<string> {
  const doc = loadDoc(preset)
  const analysis = analyze(doc)
  const cfg = { ...doc.training, batchSize: batch }
  const { model } = compile(t, analysis, { seed: cfg.seed })
  const input = analysis.order.find((n) => n.type === 'Input')!
  const classes = analysis.order.find((n) => n.id === analysis.outputs[0])!.outputShape.at(-1)!
  const head = outputHead(analysis)
  const step = makeTrainStep(t, {
    model,
    loss: makeLoss(t, cfg.loss, head, classes),
    metrics: [makeMetric(t, 'accuracy', head)],
    stepper: makeStepper(t, cfg),
    vars: model.trainableWeights.map((w) => w.read() as tf.Variable),
    decay: new Map(),
  })
  const x = tf.randomUniform([batch, ...input.outputShape])
  const y = tf.randomUniform([batch], 0, classes, 'int32')
  const run = async () => {
    await step(x, y)
  }
  await run() // warm-up: XNNPACK operator creation, first allocations
  const t0 = performance.now()
  await run()
  const wall = performance.now() - t0
  const profile = await tf.profile(run)
  const byKernel = new Map<string, Row>()
  const calls: string[][] = [['kernel', 'ms', 'input shapes']]
  let total = 0
  // `…__op` entries are ops with a custom gradient (fused conv/matmul, softmax cross-entropy):
  // scopes around kernels that are listed on their own, so counting them would count twice.
  const kernels = profile.kernels.filter((k) => !k.name.endsWith('__op'))
  for (const k of kernels) {
    const ms = k.kernelTimeMs as number
    total += ms
    const row = byKernel.get(k.name) ?? { ms: 0, calls: 0, slowest: -1, shapes: '' }
    row.ms += ms
    row.calls++
    // The shapes of the slowest call say which layer it was.
    if (ms > row.slowest) [row.slowest, row.shapes] = [ms, shapesOf(k)]
    byKernel.set(k.name, row)
    if (CALLS.has(k.name)) calls.push([k.name, fmt(ms), shapesOf(k)])
  }
  tf.dispose([x, y])
  model.dispose()
  const rows = [...byKernel].sort((a, b) => b[1].ms - a[1].ms).slice(0, TOP)
  const lines = [['kernel', 'ms', '% of kernels', 'calls', 'input shapes (slowest call)']]
  for (const [k, r] of rows)
    lines.push([k, fmt(r.ms), `${((r.ms / total) * 100).toFixed(1)}%`, String(r.calls), r.shapes])
  return `${name}, batch ${batch}: one step ${fmt(wall)} ms (${fmt((batch * 1000) / wall)} samples/s); kernels ${fmt(total)} ms in ${kernels.length} calls\n${table(lines)}${calls.length > 1 ? '\n' + table(calls) : ''}`
}

/** [name, N, H, W, Cin, kh, kw, Cout, stride]: forward convolutions of the bench models. */
const CONVS: Array<[string, ...number[]]> = [
  ['LeNet conv1', 256, 32, 32, 1, 5, 5, 6, 1],
  ['LeNet conv2', 256, 14, 14, 6, 5, 5, 16, 1],
  ['ResNet-18 stem', 32, 102, 102, 1, 7, 7, 64, 2],
  ['ResNet-18 stage 1', 32, 26, 26, 64, 3, 3, 64, 1],
  ['ResNet-18 stage 4', 32, 5, 5, 512, 3, 3, 512, 1],
]
const CONV_RUNS = 5

async function convRates(): Promise<string> {
  const ref = torchBench(['conv', String(CONV_RUNS), ...CONVS.map(([, ...v]) => v.join(','))])
  const rows = [
    ['convolution', 'GMAC', 'wasm ms', 'wasm GMAC/s', 'PyTorch ms', 'PyTorch GMAC/s', 'wasm / PyTorch'],
  ]
  CONVS.forEach(([name, n, h, w, cin, kh, kw, cout, stride], i) => {
    const x = tf.randomUniform([n, h, w, cin]) as tf.Tensor4D
    const f = tf.randomUniform([kh, kw, cin, cout]) as tf.Tensor4D
    const once = () => {
      const t0 = performance.now()
      tf.conv2d(x, f, stride, 'valid').dispose()
      return performance.now() - t0
    }
    once()
    const times = Array.from({ length: CONV_RUNS }, once).sort((a, b) => a - b)
    const ms = times[Math.floor(CONV_RUNS / 2)]
    tf.dispose([x, f])
    const ho = Math.floor((h - kh) / stride) + 1
    const wo = Math.floor((w - kw) / stride) + 1
    const gmac = (n * ho * wo * kh * kw * cin * cout) / 1e9
    const torchMs = ref[i]?.ms
    rows.push([
      name,
      gmac.toPrecision(3),
      fmt(ms),
      (gmac / (ms / 1000)).toPrecision(3),
      torchMs ? fmt(torchMs) : 'n/a',
      torchMs ? (gmac / (torchMs / 1000)).toPrecision(3) : '',
      torchMs ? `${(torchMs / ms).toFixed(2)}×` : '',
    ])
  })
  return `Forward convolution rate, one thread, median of ${CONV_RUNS} (same filter each run)\n${table(rows)}`
}

await initBackend(t, 'wasm')
for (const m of MODELS) console.log('\n' + (await profileModel(m.name, m.preset, m.batch)))
console.log('\n' + (await convRates()))
