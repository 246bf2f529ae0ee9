/**
 * Compiles an analysed graph into a tfjs LayersModel. The analysis has already flattened
 * blocks and checked every shape, so this is a walk in topological order calling each
 * registry entry's `toTfjs`.
 */
import type * as tfTypes from '@tensorflow/tfjs'
import type { Analysis } from '../graph/analyze'
import type { SymbolicTensor, Tf } from '../layers/types'

export interface Compiled {
  model: tfTypes.LayersModel
  /** Graph node id → tfjs layer name prefix (sub-layers add suffixes). */
  layerNames: Map<string, string>
  /** Graph node id → its output tensor, for looking inside a trained model. */
  nodeOutputs: Map<string, SymbolicTensor>
}

/** FNV-1a over the seed and node id: stable per-node initialiser seeds. */
export function nodeSeed(seed: number, id: string): number {
  let h = 2166136261 ^ seed
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619)
  return (h >>> 0) % 2147483647
}

/** tfjs layer names must be unique and are used in weight paths, so keep them to [A-Za-z0-9_]. */
export function uniqueNames(ids: string[]): Map<string, string> {
  const used = new Set<string>()
  const out = new Map<string, string>()
  for (const id of ids) {
    const base = 'n_' + id.replace(/[^A-Za-z0-9_]/g, '_')
    let name = base
    for (let i = 2; used.has(name); i++) name = `${base}_${i}`
    used.add(name)
    out.set(id, name)
  }
  return out
}

export function compile(tf: Tf, analysis: Analysis, opts: { seed?: number } = {}): Compiled {
  if (!analysis.ok) throw new Error(`cannot compile a graph with errors: ${analysis.errors[0]?.message}`)
  const seed = opts.seed ?? 42
  const names = uniqueNames(analysis.order.map((n) => n.id))
  const tensors = new Map<string, SymbolicTensor>()
  for (const n of analysis.order) {
    const apply = n.def.toTfjs(n.params, {
      tf,
      name: names.get(n.id)!,
      trainable: n.trainable,
      seed: nodeSeed(seed, n.id),
      init: n.init ?? 'default',
      inputShapes: n.inputShapes,
    })
    tensors.set(n.id, apply(n.inputs.map((i) => tensors.get(i)!)))
  }
  const model = tf.model({
    inputs: analysis.inputs.map((i) => tensors.get(i)!),
    outputs: analysis.outputs.map((o) => tensors.get(o)!),
  })
  return { model, layerNames: names, nodeOutputs: tensors }
}
