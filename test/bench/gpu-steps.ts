/**
 * Training steps per second on webgpu with random data (the loop's own step, no dataset, no
 * worker): `npx tsx test/bench/gpu-steps.ts [webgpu|wasm]`. test/bench/gpu-bundle.sh packs it
 * with Node, Dawn and the Vulkan loader for a bare GPU machine. DEV_MODELS='[["lenet",256,10]]'
 * picks presets, batch sizes and timed steps. DEEPWIRE_GPU_PROFILE=1 also times one step's kernels with
 * GPU timestamps (where the adapter has them) and prints the costliest.
 */
import * as tf from '@tensorflow/tfjs'
import { readFileSync } from 'node:fs'
import { initBackend } from '../../engine/backend/select'
import { listAdapters } from '../../engine/backend/webgpu'
import { compile } from '../../engine/compile/compile'
import { analyze } from '../../engine/graph/analyze'
import { parseGraph } from '../../engine/graph/parse'
import type { Tf } from '../../engine/layers/types'
import { outputHead } from '../../engine/train/head'
import { makeLoss } from '../../engine/train/losses'
import { makeStepper } from '../../engine/train/optimizer'
import { makeTrainStep } from '../../engine/train/step'
const t = tf as unknown as Tf
const which = process.argv[2] ?? 'webgpu'
if (which === 'webgpu') {
  // navigator.gpu first, so tfjs' webgpu module registers on load; the global hands the bundled
  // module to the engine's run-time import (gpu-bundle.sh's stub package re-exports it)
  await listAdapters()
  ;(globalThis as Record<string, unknown>).__DW_TFWEBGPU = await import('@tensorflow/tfjs-backend-webgpu')
}
const choice = await initBackend(t, which as 'webgpu')
console.log('backend:', choice.detail)
const MODELS: [string, number, number][] = JSON.parse(
  process.env.DEV_MODELS ??
    '[["lenet",256,10],["resnet18",32,4],["resnet18",128,3],["transformer-encoder",64,10],["unetpp",8,4]]',
)
for (const [name, batch, steps] of MODELS) {
  const p = parseGraph(
    JSON.parse(readFileSync(`${process.env.DEEPWIRE_PRESETS ?? 'presets'}/${name}.json`, 'utf8')),
  )
  if (!p.ok) throw new Error(name)
  const a = analyze(p.doc)
  const cfg = { ...p.doc.training, batchSize: batch }
  const { model } = compile(t, a, { seed: 1 })
  const input = a.order.find((n) => n.type === 'Input')!
  const out = a.order.find((n) => n.id === a.outputs[0])!.outputShape
  const classes = out.at(-1)!
  const head = outputHead(a)
  const step = makeTrainStep(t, {
    model,
    loss: makeLoss(t, cfg.loss, head, classes),
    metrics: [],
    stepper: makeStepper(t, cfg),
    vars: model.trainableWeights.map((w) => w.read() as tf.Variable),
    decay: new Map(),
  })
  const int = (input.params as { dtype?: string }).dtype === 'int32'
  const x = int
    ? tf.randomUniform([batch, ...input.outputShape], 1, 10, 'int32')
    : tf.randomUniform([batch, ...input.outputShape])
  const y =
    out.length === 1
      ? tf.randomUniform([batch], 0, classes, 'int32')
      : tf.randomUniform([batch, ...out]).round()
  try {
    const t0 = performance.now()
    await step(x, y)
    await step(x, y)
    const warm = performance.now() - t0
    const t1 = performance.now()
    for (let i = 0; i < steps; i++) await step(x, y)
    const ms = (performance.now() - t1) / steps
    console.log(
      JSON.stringify({
        name,
        batch,
        msPerStep: +ms.toFixed(1),
        samplesPerSec: +((batch * 1000) / ms).toFixed(1),
        warmupMs: Math.round(warm),
      }),
    )
    if (process.env.DEEPWIRE_GPU_PROFILE === '1') await printProfile(() => step(x, y))
  } catch (e) {
    console.log(name, 'failed:', (e as Error).message)
  }
  tf.dispose([x, y])
  model.dispose()
}
process.exit(0)

/** One step under tf.profile: GPU milliseconds per kernel and input shapes, costliest first. */
async function printProfile(run: () => Promise<unknown>) {
  const info = await tf.profile(async () => {
    await run()
    return []
  })
  const byKernel = new Map<string, { ms: number; n: number }>()
  for (const k of info.kernels) {
    const key = `${k.name} ${JSON.stringify(k.inputShapes)}`
    const e = byKernel.get(key) ?? { ms: 0, n: 0 }
    e.ms += Number(k.kernelTimeMs) || 0
    e.n++
    byKernel.set(key, e)
  }
  const rows = [...byKernel].sort((a, b) => b[1].ms - a[1].ms)
  const total = rows.reduce((s, [, e]) => s + e.ms, 0)
  console.log(`  kernels: ${info.kernels.length}, GPU time ${total.toFixed(1)} ms`)
  for (const [key, e] of rows.slice(0, 12)) console.log(`  ${e.ms.toFixed(2).padStart(9)} ms ×${e.n} ${key}`)
}
