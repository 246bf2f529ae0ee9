/**
 * Starting a run from another run's weights (fine-tuning): unlike resuming, the graph may have
 * been edited, so weights are matched by node name and shape instead of by position, and the
 * optimizer starts fresh. A node loads whole or not at all — half a Dense (its bias without its
 * kernel) is never what anyone means — and every node that keeps its fresh initial weights is
 * reported with the reason, so a renamed layer is not silently trained from scratch.
 */
import type * as tfTypes from '@tensorflow/tfjs'
import { analyze } from '../graph/analyze'
import type { GraphDoc } from '../graph/schema'
import type { Tf } from '../layers/types'
import type { TransferReport } from '../protocol'
import { uniqueNames } from '../compile/compile'
import type { Checkpoint } from './checkpoint'
import { byNode } from './node-weights'

const fmt = (s: readonly (number | null)[]) => `[${s.join('×')}]`

/** Node ids → layer names of the graph a checkpoint was written with (empty if it no longer analyses). */
function sourceLayerNames(graph: GraphDoc): Map<string, string> {
  try {
    const a = analyze(graph)
    return a.ok ? uniqueNames(a.order.map((n) => n.id)) : new Map()
  } catch {
    return new Map()
  }
}

/**
 * Copies into `model` every node's weights that `source` holds under the same name and shape;
 * the rest keep the model's initial values. Returns what was loaded and what was not.
 */
export function transferWeights(
  tf: Tf,
  model: tfTypes.LayersModel,
  layerNames: Map<string, string>,
  source: Checkpoint,
  label: string,
): TransferReport {
  const have = new Map(source.meta.weights.map((e, i) => [e.name, i]))
  const weights = model.weights
  const nodes = byNode(
    weights.map((w) => w.originalName),
    layerNames,
  )
  const report: TransferReport = { source: label, loaded: [], initialised: [], unused: [] }
  const taken = new Set<number>()
  for (const [node, idx] of nodes) {
    const missing = idx.find((i) => !have.has(weights[i].originalName))
    if (missing !== undefined) {
      report.initialised.push({
        node,
        reason: 'new',
        detail: `the source has no weight ${weights[missing].originalName}`,
      })
      continue
    }
    const changed = idx.find(
      (i) => fmt(source.meta.weights[have.get(weights[i].originalName)!].shape) !== fmt(weights[i].shape),
    )
    if (changed !== undefined) {
      const w = weights[changed]
      const was = source.meta.weights[have.get(w.originalName)!].shape
      report.initialised.push({
        node,
        reason: 'shape',
        detail: `${w.originalName} is ${fmt(w.shape)} here but ${fmt(was)} in the source`,
      })
      continue
    }
    let params = 0
    for (const i of idx) {
      const j = have.get(weights[i].originalName)!
      taken.add(j)
      const t = tf.tensor(source.weights[j], source.meta.weights[j].shape)
      weights[i].write(t)
      t.dispose()
      params += source.weights[j].length
    }
    report.loaded.push({ node, params })
  }
  const leftover = source.meta.weights.map((e) => e.name).filter((_, i) => !taken.has(i))
  const unused = byNode(leftover, sourceLayerNames(source.meta.graph))
  report.unused = [...unused.keys()]
  // a new node shaped like an unused source node was most likely renamed: say which
  const shapesOf = (list: number[], shape: (i: number) => readonly (number | null)[]) =>
    list.map((i) => fmt(shape(i))).join()
  const leftShape = (i: number) => source.meta.weights.find((e) => e.name === leftover[i])!.shape
  for (const n of report.initialised) {
    if (n.reason !== 'new') continue
    const mine = shapesOf(nodes.get(n.node)!, (i) => weights[i].shape)
    const twin = [...unused].find(([, list]) => shapesOf(list, leftShape) === mine)
    if (twin) n.detail += ` (was it renamed from '${twin[0]}'? weights follow node names)`
  }
  return report
}

/** One line per node for the CLI and logs: what a fine-tuning run started from. */
export function describeTransfer(r: TransferReport): string[] {
  const total = r.loaded.reduce((a, n) => a + n.params, 0)
  return [
    `weights from ${r.source}: ${r.loaded.length} node(s) loaded (${total.toLocaleString('en')} numbers), ${r.initialised.length} newly initialised`,
    ...r.initialised.map(
      (n) =>
        `  ${n.node}: newly initialised (${n.reason === 'new' ? 'new or renamed' : 'shape changed'}: ${n.detail})`,
    ),
    ...(r.unused.length ? [`  not used from the source: ${r.unused.join(', ')}`] : []),
  ]
}
