/**
 * Does the exported file compute what the engine computes? Runs the same random batch through
 * tfjs' `model.predict` and through onnxruntime and reports the largest difference per output.
 */
import type * as tfTypes from '@tensorflow/tfjs'
import type { Compiled } from '../../compile/compile'
import type { Analysis } from '../../graph/analyze'
import type { Tf } from '../../layers/types'
import { onnxOutputName } from './export'
import { runOnnx, type OnnxRun, type TensorData } from './run'
import { idRecord } from '../../budget/untrusted'

export interface OutputParity {
  name: string
  maxAbsDiff: number
  /** largest |value| tfjs produced: differences scale with it */
  maxAbs: number
}

export interface Parity {
  /** max |onnx − tfjs| / max(1, max |tfjs|) over all outputs: absolute for small activations, relative for large */
  maxDiff: number
  outputs: OutputParity[]
  /** onnxruntime's time for one batch */
  latencyMs: number
  /** the engine's (tfjs) time for the same batch */
  engineLatencyMs: number
  /** onnxruntime's time on the GPU (its WebGPU execution provider), where there is one */
  gpuLatencyMs?: number
  /** the GPU run's maxDiff against the engine */
  gpuMaxDiff?: number
  /** why the GPU was not timed, or how it failed */
  gpuNote?: string
}

/** Deterministic uniform values in [lo, hi). */
function uniform(n: number, seed: number, lo: number, hi: number): Float32Array {
  let s = seed >>> 0 || 1
  const out = new Float32Array(n)
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0
    out[i] = lo + ((s >>> 8) / 0x1000000) * (hi - lo)
  }
  return out
}

/**
 * A random batch for every graph input: values in [−1, 1), or whole numbers below the smallest
 * vocabulary of the Embeddings reading the input when it carries token ids.
 */
export function sampleInputs(analysis: Analysis, batch: number, seed = 1): Record<string, TensorData> {
  const out = idRecord<TensorData>()
  analysis.inputs.forEach((id, k) => {
    const node = analysis.order.find((n) => n.id === id)!
    const dims = [batch, ...node.outputShape]
    const n = dims.reduce((a, b) => a * b, 1)
    const vocab = analysis.order
      .filter((c) => c.type === 'Embedding' && c.inputs.includes(id))
      .map((c) => c.params.inputDim as number)
    const isInt = node.params.dtype === 'int32'
    if (!vocab.length && !isInt) {
      out[id] = { data: uniform(n, seed + k, -1, 1), dims }
      return
    }
    const top = vocab.length ? Math.min(...vocab) : 10
    const ids = uniform(n, seed + k, 0, top).map(Math.floor)
    out[id] = { data: isInt ? Int32Array.from(ids) : ids, dims }
  })
  return out
}

export async function checkParity(
  tf: Tf,
  compiled: Compiled,
  analysis: Analysis,
  onnx: string | Uint8Array,
  opts: { batch?: number; seed?: number; inputs?: Record<string, TensorData>; gpu?: boolean } = {},
): Promise<Parity> {
  const inputs = opts.inputs ?? sampleInputs(analysis, opts.batch ?? 2, opts.seed)
  const xs = analysis.inputs.map((id) => {
    const t = inputs[id]
    return tf.tensor(t.data, t.dims, t.data instanceof Int32Array ? 'int32' : 'float32')
  })
  const predict = () => {
    const ys = compiled.model.predict(xs.length === 1 ? xs[0] : xs) as tfTypes.Tensor | tfTypes.Tensor[]
    return Array.isArray(ys) ? ys : [ys]
  }
  const ys = predict()
  const expected = await Promise.all(ys.map((y) => y.data()))
  // the first predict also compiles kernels; time a second one, as onnxruntime's runs are timed warm
  const t0 = performance.now()
  const again = predict()
  await Promise.all(again.map((y) => y.data()))
  const engineLatencyMs = performance.now() - t0
  tf.dispose([...xs, ...ys, ...again])

  const compare = (run: OnnxRun) => {
    const outputs = analysis.outputs.map((name, i): OutputParity => {
      const got = run.outputs[onnxOutputName(name)]?.data
      const want = expected[i]
      if (!got || got.length !== want.length)
        throw new Error(`ONNX output '${name}' has ${got?.length ?? 0} values, tfjs ${want.length}`)
      let maxAbsDiff = 0
      let maxAbs = 0
      for (let j = 0; j < want.length; j++) {
        const d = Math.abs(got[j] - want[j])
        // a NaN anywhere reads as an infinitely bad export rather than a number that compares false
        maxAbsDiff = Number.isNaN(d) ? Infinity : Math.max(maxAbsDiff, d)
        maxAbs = Math.max(maxAbs, Math.abs(want[j]))
      }
      return { name, maxAbsDiff, maxAbs }
    })
    return { outputs, maxDiff: Math.max(...outputs.map((o) => o.maxAbsDiff / Math.max(1, o.maxAbs))) }
  }
  const run = await runOnnx(onnx, inputs)
  const { outputs, maxDiff } = compare(run)
  const gpu = opts.gpu === false ? {} : await onGpu(onnx, inputs, (r) => compare(r).maxDiff)
  return { maxDiff, outputs, latencyMs: run.latencyMs, engineLatencyMs, ...gpu }
}

/**
 * The same batch through onnxruntime's WebGPU execution provider (bundled in onnxruntime-node),
 * where the engine itself would train on a GPU: a hardware adapter, or a software one where tests
 * allow it. A failure is a note, not a failed export: the file is already proven on the CPU.
 */
async function onGpu(
  onnx: string | Uint8Array,
  inputs: Record<string, TensorData>,
  diff: (r: OnnxRun) => number,
): Promise<Pick<Parity, 'gpuLatencyMs' | 'gpuMaxDiff' | 'gpuNote'>> {
  const { listDevices } = await import('../../backend/devices')
  const { ALLOW_SOFTWARE_GPU } = await import('../../backend/webgpu')
  const devices = await listDevices()
  const webgpu = devices.backends.find((b) => b.name === 'webgpu')!
  const allowSoftware = process.env[ALLOW_SOFTWARE_GPU] === '1' && devices.adapters.length > 0
  if (!webgpu.usable && !allowSoftware) return { gpuNote: `not timed on a GPU: ${webgpu.note}` }
  try {
    const run = await runOnnx(onnx, inputs, { provider: 'webgpu' })
    return { gpuLatencyMs: run.latencyMs, gpuMaxDiff: diff(run) }
  } catch (e) {
    const why = (e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 200)
    return { gpuNote: `onnxruntime's WebGPU provider failed: ${why}` }
  }
}
