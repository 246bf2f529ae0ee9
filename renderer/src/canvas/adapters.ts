/**
 * Graph document + analysis → React Flow nodes and edges. Shapes, counts and error messages
 * come from the engine's analysis; nothing is computed here.
 */
import type { Edge, Node } from '@xyflow/react'
import type { Analysis } from '../../../engine/graph/analyze'
import type { GraphDoc } from '../../../engine/graph/schema'
import { getLayer } from '../../../engine/layers'
import { edgeKey } from '../store/doc-ops'

export interface LayerNodeData extends Record<string, unknown> {
  type: string
  category: string
  keyParams: string
  shape: string | null
  params: number
  error: string | null
  hasInputs: boolean
}

export const fmtShape = (s: number[] | null | undefined) => (s ? `${s.join('×')}` : '?')

function keyParams(params: Record<string, unknown> | undefined): string {
  return Object.entries(params ?? {})
    .slice(0, 3)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('×') : String(v)}`)
    .join(' ')
}

/** The first error that belongs to a node or to something inside it (block contents). */
function errorFor(analysis: Analysis, id: string): string | null {
  const e = analysis.errors.find((x) => x.nodeId === id || x.nodeId?.startsWith(id + '/'))
  return e ? e.message : null
}

export function toFlow(
  doc: GraphDoc,
  analysis: Analysis,
  selected: string[],
): { nodes: Node<LayerNodeData>[]; edges: Edge[] } {
  const nodes = doc.nodes.map((n, i): Node<LayerNodeData> => {
    const def = getLayer(n.type)
    const s = analysis.summary.get(n.id)
    return {
      id: n.id,
      type: 'layer',
      position: n.position ?? { x: 0, y: i * 110 },
      selected: selected.includes(n.id),
      data: {
        type: n.type === 'Block' ? `${n.block ?? 'Block'}` : n.type,
        category: n.type === 'Block' ? 'block' : (def?.category ?? 'core'),
        keyParams: keyParams(n.params),
        shape: s?.outputShape ? fmtShape(s.outputShape) : null,
        params: s?.trainableParams ?? 0,
        error: errorFor(analysis, n.id),
        hasInputs: n.type === 'Block' || (def?.inputs[1] ?? 1) > 0,
      },
    }
  })
  const edges = doc.edges.map((e, i): Edge => {
    const key = edgeKey(e, i)
    const broken = analysis.errors.some((x) => x.edgeId === key)
    return {
      id: key,
      source: e.source,
      target: e.target,
      label: fmtShape(analysis.summary.get(e.source)?.outputShape),
      className: broken ? 'edge-error' : undefined,
      animated: false,
    }
  })
  return { nodes, edges }
}
