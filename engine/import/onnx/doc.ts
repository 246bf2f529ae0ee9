/**
 * The imported nodes as an editable GraphDoc: laid out top to bottom by depth (siblings side by
 * side), with a training section that runs as it is where the input says which data fits, and
 * says what to set where it cannot know.
 */
import type { GraphDocInput } from '../../graph/schema'
import type { Shape } from '../../layers/types'
import { append } from './append'
import type { OnnxModel } from './read'
import { DEEPWIRE_NAMING, PYTORCH_NAMING, structure } from './group'
import type { ImportState } from './state'

const ROW = 110
const COLUMN = 220

function layout(st: ImportState): void {
  const depth = new Map<string, number>()
  const inputsOf = new Map<string, string[]>()
  for (const e of st.edges) append(inputsOf, e.target, e.source)
  const perRow = new Map<number, number>()
  // nodes were added after their inputs, so one pass in order sees every input's depth first
  for (const n of st.nodes) {
    const d = (inputsOf.get(n.id) ?? []).reduce((m, i) => Math.max(m, depth.get(i) ?? 0), -1) + 1
    depth.set(n.id, d)
    const col = perRow.get(d) ?? 0
    perRow.set(d, col + 1)
    n.position = { x: col * COLUMN, y: d * ROW }
  }
}

/** A dataset the graph can train on as imported, or the image-folder dataset with a warning. */
function dataset(st: ImportState, m: OnnxModel, input: Shape | undefined): GraphDocInput['training'] {
  const fromDeepwire = m.metadata.get('dataset')
  if (fromDeepwire) return { dataset: { name: fromDeepwire } }
  if (input?.join() === '28,28,1') return { dataset: { name: 'mnist' } }
  if (input?.length === 3) {
    st.warnings.push('training uses your image folder: set training.dataset.path before training')
    return { dataset: { name: 'images', size: input.slice(0, 2) } }
  }
  st.warnings.push('set training.dataset to data shaped like the input before training')
  return { dataset: { name: 'csv' } }
}

export function graphDoc(
  st: ImportState,
  m: OnnxModel,
  name: string,
  inputs: { shape: Shape }[],
): GraphDocInput {
  layout(st)
  const producer = m.producer ? ` written by ${m.producer}` : ''
  return {
    format: 'deepwire-graph',
    version: 2,
    name: m.metadata.get('graph_name') ?? name,
    description: `Imported from the ONNX model '${name}'${producer} (opset ${m.opset}).`,
    // grouped into the model's modules where the node names say them
    ...structure(st, m.producer === 'Deepwire' ? DEEPWIRE_NAMING : PYTORCH_NAMING),
    // fine-tuning a pretrained network: a small learning rate, few epochs
    training: { ...dataset(st, m, inputs[0]?.shape), optimizer: { type: 'adam', lr: 1e-4 }, epochs: 5 },
  }
}
