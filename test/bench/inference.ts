/**
 * Inference latency of one batch: the engine's own predict, the exported ONNX model in
 * onnxruntime-node, and PyTorch eager on the exported package.
 */
import { rmSync } from 'node:fs'
import type * as tfTypes from '@tensorflow/tfjs'
import { exportOnnx } from '../../engine/export/onnx'
import { sampleInputs } from '../../engine/export/onnx/parity'
import { runOnnx } from '../../engine/export/onnx/run'
import type { Tf } from '../../engine/layers/types'
import { fmt, loadDoc, MODELS, ratio, table, torchBench, torchShape, withPytorchPackage } from './models'

const RUNS = 7

async function enginePredictMs(tf: Tf, model: tfTypes.LayersModel, x: tfTypes.Tensor): Promise<number> {
  const once = async () => {
    const t0 = performance.now()
    const y = model.predict(x) as tfTypes.Tensor
    await y.data()
    y.dispose()
    return performance.now() - t0
  }
  await once()
  const times: number[] = []
  for (let i = 0; i < RUNS; i++) times.push(await once())
  times.sort((a, b) => a - b)
  void tf
  return times[Math.floor(times.length / 2)]
}

export async function inferenceSection(tf: Tf, batches = [1, 32]): Promise<string> {
  const rows = [
    [
      'model',
      'batch',
      'Deepwire predict ms',
      'onnxruntime ms',
      'PyTorch eager ms (1t / all)',
      'ONNX vs Deepwire',
    ],
  ]
  for (const m of MODELS) {
    const doc = loadDoc(m.preset)
    const { model, dir } = await withPytorchPackage(tf, doc)
    const onnx = exportOnnx(doc, model, { analysis: model.analysis })
    const inputId = model.analysis.inputs[0]
    const shape = model.analysis.order.find((n) => n.id === inputId)!.outputShape
    for (const batch of batches) {
      const inputs = sampleInputs(model.analysis, batch)
      const x = tf.tensor(inputs[inputId].data, inputs[inputId].dims)
      const engine = await enginePredictMs(tf, model.model, x)
      x.dispose()
      const ort = (await runOnnx(onnx, inputs, { runs: RUNS })).latencyMs
      const ref = torchBench(['infer', dir, String(batch), String(RUNS), torchShape(shape).join(',')])
      const torch = ref.length ? ref.map((r) => fmt(r.ms!)).join(' / ') : 'n/a'
      rows.push([m.name, String(batch), fmt(engine), fmt(ort), torch, ratio(engine, ort) + ' faster'])
    }
    model.model.dispose()
    rmSync(dir, { recursive: true, force: true })
  }
  return `Inference latency, median of ${RUNS} runs after a warm-up (onnxruntime with its default threads)\n${table(rows)}`
}
