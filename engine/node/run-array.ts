/**
 * `deepwire run`: the engine (not onnxruntime) on a NumPy array, in the graph's own layout
 * (images NHWC), with a checkpoint's weights — how an import is checked against the framework it
 * came from. Writes the outputs as .npy (one output) or .npz (any number), or returns them.
 */
import { promises as fs } from 'node:fs'
import { admitGraph } from '../budget'
import { compile } from '../compile/compile'
import type { Tf } from '../layers/types'
import { restoreState } from '../train/state'
import { npy, writeNpz } from '../export/pytorch/npz'
import { readNpy } from './npy-read'
import { loadCheckpointFile } from './run'
import { writeFileAtomic } from './atomic'

export interface RunOutput {
  name: string
  shape: number[]
  /** Present when no output file was asked for. */
  values?: number[]
}

export async function runOnArray(
  tf: Tf,
  opts: { graph: unknown; checkpoint: string; input: string; output?: string },
): Promise<{ outputs: RunOutput[]; file?: string }> {
  const checkpoint = await loadCheckpointFile(opts.checkpoint)
  const { doc, analysis } = admitGraph(opts.graph ?? checkpoint.meta.graph)
  if (analysis.inputs.length !== 1)
    throw new Error(
      `the graph has ${analysis.inputs.length} inputs; run takes one .npy (several inputs are not supported yet)`,
    )
  const inputNode = analysis.order.find((n) => n.id === analysis.inputs[0])!
  const want = inputNode.outputShape
  const bytes = await fs.readFile(opts.input).catch((e: NodeJS.ErrnoException) => {
    throw new Error(`cannot read ${opts.input}: ${e.code ?? e.message}`, { cause: e })
  })
  const x = readNpy(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), opts.input)
  const shape = x.shape.join() === want.join() ? [1, ...want] : x.shape
  if (shape.slice(1).join() !== want.join())
    throw new Error(
      `${opts.input} has shape [${x.shape.join(', ')}] but input '${inputNode.id}' takes [batch, ${want.join(', ')}] (images channels-last)`,
    )
  const compiled = compile(tf, analysis, { seed: doc.training.seed })
  try {
    await restoreState(tf, compiled.model, null, checkpoint)
    const dtype = inputNode.params.dtype === 'int32' ? 'int32' : 'float32'
    const xs = tf.tensor(x.data, shape, dtype)
    const ys = compiled.model.predict(xs)
    const list = Array.isArray(ys) ? ys : [ys]
    const outputs = list.map((y, i) => ({
      name: analysis.outputs[i],
      shape: y.shape.map(Number),
      data: y.dataSync() as Float32Array,
    }))
    tf.dispose([xs, ...list])
    if (!opts.output)
      return { outputs: outputs.map((o) => ({ name: o.name, shape: o.shape, values: [...o.data] })) }
    const arrays = outputs.map((o) => ({
      name: o.name,
      dtype: 'float32' as const,
      shape: o.shape,
      data: o.data,
    }))
    if (opts.output.endsWith('.npz')) await writeNpz(opts.output, arrays)
    else if (arrays.length === 1) await writeFileAtomic(opts.output, npy(arrays[0]))
    else throw new Error(`the graph has ${arrays.length} outputs: name an .npz file to hold them all`)
    return { outputs: outputs.map((o) => ({ name: o.name, shape: o.shape })), file: opts.output }
  } finally {
    compiled.model.dispose()
  }
}
