import ELK from 'elkjs/lib/elk.bundled.js'
import type { GraphDoc } from '../../../engine/graph/schema'

const elk = new ELK()

/** Layered top-to-bottom layout of the document's nodes (elkjs), returned as positions. */
export async function autoLayout(doc: GraphDoc): Promise<Record<string, { x: number; y: number }>> {
  const result = await elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.spacing.nodeNode': '40',
      'elk.layered.spacing.nodeNodeBetweenLayers': '50',
    },
    children: doc.nodes.map((n) => ({ id: n.id, width: 180, height: 70 })),
    edges: doc.edges.map((e, i) => ({ id: `e${i}`, sources: [e.source], targets: [e.target] })),
  })
  return Object.fromEntries((result.children ?? []).map((c) => [c.id, { x: c.x ?? 0, y: c.y ?? 0 }]))
}
