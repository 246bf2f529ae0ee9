/**
 * GraphDoc + compiled tfjs model → ONNX ModelProto bytes. The analysis gives the flattened
 * layers in topological order with their shapes; each registry entry's `toOnnx` emits its nodes
 * and reads its weights from the tfjs layer the compiler named after the node. Layouts: see
 * layout.ts.
 */
import pkg from '../../../package.json'
import type { Compiled } from '../../compile/compile'
import { analyze, type Analysis } from '../../graph/analyze'
import { formatIssue } from '../../graph/issues'
import type { GraphDoc } from '../../graph/schema'
import { GraphBuilder } from './builder'
import { toChannelsLast } from './layout'
import { encodeModel } from './proto'
import { OnnxExportError, type Weight } from './types'

/** LayerNormalization arrived in opset 17; 17 is also the newest the CI's onnx 1.12 checker knows. */
export const OPSET = 17

/**
 * The graph output's name for node `id`: the id itself, except '__proto__', which onnxruntime's
 * JavaScript API could never ask for (it gathers the requested names in a plain object, where that
 * key sets the prototype), so it gets a suffix.
 */
export const onnxOutputName = (id: string): string => (id === '__proto__' ? '__proto__:output' : id)

export interface OnnxExportOptions {
  /** The preset the graph came from, recorded in the file's metadata. */
  preset?: string
  /** Final metrics (e.g. { accuracy: 0.91 }), recorded as `metric.<name>` metadata entries. */
  metrics?: Record<string, number>
  /** Reuse an analysis of `doc` already at hand. */
  analysis?: Analysis
}

/** A node's weights by Keras name, read from the tfjs layer the compiler built for it. */
function layerWeights(compiled: Compiled, id: string): (name: string) => Weight | null {
  const layerName = compiled.layerNames.get(id)
  const layer = compiled.model.layers.find((l) => l.name === layerName)
  return (name) => {
    const v = layer?.weights.find((w) => w.originalName === `${layerName}/${name}`)
    // dataSync copies on wasm; on cpu it is the live buffer, which nothing writes during an export
    return v ? { data: v.read().dataSync() as Float32Array, shape: v.shape.map(Number) } : null
  }
}

/**
 * Encodes the graph with the compiled model's current weights as an ONNX model (opset 17,
 * IR 8). Inputs and outputs are named after their graph nodes, take/produce the engine's
 * channels-last arrays and have a symbolic batch dimension 'batch'. Throws OnnxExportError
 * naming the node when a layer or parameter combination has no ONNX equivalent.
 */
export function exportOnnx(doc: GraphDoc, compiled: Compiled, opts: OnnxExportOptions = {}): Uint8Array {
  const analysis = opts.analysis ?? analyze(doc)
  if (!analysis.ok) throw new Error(`cannot export a graph with errors: ${formatIssue(analysis.errors[0])}`)
  const b = new GraphBuilder()
  for (const id of [...analysis.inputs, ...analysis.outputs]) b.reserve(id)

  // only what the outputs depend on: tfjs' model leaves out a dead branch, and so its weights
  const byId = new Map(analysis.order.map((n) => [n.id, n]))
  const live = new Set<string>()
  const visit = (id: string) => {
    if (live.has(id)) return
    live.add(id)
    byId.get(id)!.inputs.forEach(visit)
  }
  analysis.outputs.forEach(visit)
  // every Input stays a graph input, so the file takes the same inputs as the engine's model
  analysis.inputs.forEach(visit)

  // onnxruntime hands input and output names over as C strings, which end at the first NUL
  for (const id of [...analysis.inputs, ...analysis.outputs])
    if (id.includes('\0'))
      throw new OnnxExportError(
        id,
        byId.get(id)!.type,
        'its id holds a NUL character, which would cut the ONNX input or output name short; rename the node',
      )

  const values = new Map<string, string>()
  for (const n of analysis.order.filter((n) => live.has(n.id))) {
    if (!n.def.toOnnx) throw new OnnxExportError(n.id, n.type, `${n.type} has no ONNX emitter`)
    const ctx = b.context(
      n,
      n.inputs.map((i) => values.get(i)!),
      layerWeights(compiled, n.id),
    )
    values.set(n.id, n.def.toOnnx(n.params, ctx))
  }
  for (const id of analysis.outputs) {
    const shape = byId.get(id)!.outputShape
    b.output(
      toChannelsLast({ transpose: (x, p) => b.transpose(id, x, p) }, values.get(id)!, shape),
      onnxOutputName(id),
      shape,
    )
  }
  b.prune()
  const weightBytes = b.initializers.reduce((a, t) => a + t.data.byteLength, 0)
  // protobuf messages stop at 2 GiB; bigger models would need ONNX's external-data files
  if (weightBytes >= 2 ** 31 - (1 << 24))
    throw new Error(
      `the model's weights take ${(weightBytes / 2 ** 30).toFixed(1)} GiB, more than a single ONNX file can hold (2 GiB)`,
    )

  const metadata: Record<string, string> = { graph_name: doc.name }
  if (opts.preset) metadata.preset = opts.preset
  if (doc.task) metadata.task = doc.task
  metadata.dataset = doc.training.dataset.name
  metadata.layout = 'inputs and outputs are channels-last (NHWC), like the Deepwire engine'
  for (const [k, v] of Object.entries(opts.metrics ?? {})) metadata[`metric.${k}`] = String(v)

  return encodeModel({
    name: doc.name,
    doc: doc.description,
    opset: OPSET,
    producer: 'Deepwire',
    producerVersion: pkg.version,
    nodes: b.nodes,
    initializers: b.initializers,
    inputs: b.inputs,
    outputs: b.outputs,
    metadata,
  })
}
