/**
 * Runs an ONNX file with onnxruntime-node (Node only): the app's "Run ONNX" button and the export's
 * parity check. Arrays are the engine's channels-last layout, batch first.
 */
import type * as Ort from 'onnxruntime-node'
import { idRecord } from '../../budget/untrusted'

export interface TensorData {
  data: Float32Array | Int32Array
  /** Batch first, e.g. [1, 28, 28, 1]. */
  dims: number[]
}

export interface OnnxRun {
  outputs: Record<string, TensorData>
  /** Median wall time of one `session.run`, after a warm-up run, in milliseconds. */
  latencyMs: number
}

/** Runs `model` (a path or the file's bytes) on named inputs; `runs` timed runs after a warm-up. */
export async function runOnnx(
  model: string | Uint8Array,
  inputs: Record<string, TensorData>,
  opts: { runs?: number; provider?: 'cpu' | 'webgpu' } = {},
): Promise<OnnxRun> {
  // loaded on first use, so exporting without the parity check works where the native binary is missing
  const ort = await import('onnxruntime-node')
  // two calls because create's overloads do not accept the union
  const options = { executionProviders: [opts.provider ?? 'cpu'] }
  const session =
    typeof model === 'string'
      ? await ort.InferenceSession.create(model, options)
      : await ort.InferenceSession.create(model, options)
  try {
    const feeds = idRecord<Ort.Tensor>()
    for (const [name, t] of Object.entries(inputs))
      feeds[name] = new ort.Tensor(t.data instanceof Int32Array ? 'int32' : 'float32', t.data, t.dims)
    let result = await session.run(feeds)
    const times: number[] = []
    for (let i = 0; i < Math.max(opts.runs ?? 1, 1); i++) {
      const start = performance.now()
      result = await session.run(feeds)
      times.push(performance.now() - start)
    }
    times.sort((a, b) => a - b)
    const outputs = idRecord<TensorData>()
    for (const name of session.outputNames) {
      const t = result[name]
      outputs[name] = { data: t.data as Float32Array | Int32Array, dims: t.dims.map(Number) }
    }
    return { outputs, latencyMs: times[Math.floor(times.length / 2)] }
  } finally {
    await session.release()
  }
}
