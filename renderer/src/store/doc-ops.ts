/**
 * Pure edits of a graph document. The store applies them and keeps the history; tests call
 * them directly. Every function returns a new document and never mutates its input.
 */
import type { GraphDoc, GraphEdge, GraphNode } from '../../../engine/graph/schema'

export function uniqueId(doc: GraphDoc, base: string): string {
  const stem = base.replace(/[^A-Za-z0-9_]/g, '').toLowerCase() || 'node'
  const used = new Set(doc.nodes.map((n) => n.id))
  for (let i = 1; ; i++) if (!used.has(`${stem}${i}`)) return `${stem}${i}`
}

export function addNode(
  doc: GraphDoc,
  type: string,
  position: { x: number; y: number },
  block?: string,
): [GraphDoc, string] {
  const id = uniqueId(doc, block ?? type)
  const node: GraphNode = { id, type, params: {}, position, ...(block ? { block } : {}) }
  return [{ ...doc, nodes: [...doc.nodes, node] }, id]
}

export function updateNode(doc: GraphDoc, id: string, patch: Partial<GraphNode>): GraphDoc {
  return { ...doc, nodes: doc.nodes.map((n) => (n.id === id ? { ...n, ...patch } : n)) }
}

export function setParam(doc: GraphDoc, id: string, name: string, value: unknown): GraphDoc {
  return {
    ...doc,
    nodes: doc.nodes.map((n) => (n.id === id ? { ...n, params: { ...(n.params ?? {}), [name]: value } } : n)),
  }
}

/** Renames a node and rewires its edges; refuses a name already in use. */
export function renameNode(doc: GraphDoc, id: string, next: string): GraphDoc {
  if (!next || next === id || doc.nodes.some((n) => n.id === next)) return doc
  const swap = (x: string) => (x === id ? next : x)
  return {
    ...doc,
    nodes: doc.nodes.map((n) => (n.id === id ? { ...n, id: next } : n)),
    edges: doc.edges.map((e) => ({ ...e, source: swap(e.source), target: swap(e.target) })),
  }
}

export function connect(doc: GraphDoc, source: string, target: string): GraphDoc {
  if (source === target || doc.edges.some((e) => e.source === source && e.target === target)) return doc
  return { ...doc, edges: [...doc.edges, { id: `${source}->${target}`, source, target }] }
}

export const edgeKey = (e: GraphEdge, i: number) => e.id ?? `${e.source}->${e.target}#${i}`

export function removeEdges(doc: GraphDoc, keys: string[]): GraphDoc {
  const drop = new Set(keys)
  return { ...doc, edges: doc.edges.filter((e, i) => !drop.has(edgeKey(e, i))) }
}

export function removeNodes(doc: GraphDoc, ids: string[]): GraphDoc {
  const drop = new Set(ids)
  return {
    ...doc,
    nodes: doc.nodes.filter((n) => !drop.has(n.id)),
    edges: doc.edges.filter((e) => !drop.has(e.source) && !drop.has(e.target)),
  }
}

export function movePositions(doc: GraphDoc, positions: Record<string, { x: number; y: number }>): GraphDoc {
  // own keys only: a node called 'constructor' must not read Object's
  return {
    ...doc,
    nodes: doc.nodes.map((n) => (Object.hasOwn(positions, n.id) ? { ...n, position: positions[n.id] } : n)),
  }
}

/** Copies nodes (and the edges among them) with fresh ids, shifted so the copy is visible. */
export function pasteNodes(
  doc: GraphDoc,
  nodes: GraphNode[],
  edges: GraphEdge[],
  offset = 40,
): [GraphDoc, string[]] {
  let out = doc
  const ids = new Map<string, string>()
  const added: GraphNode[] = []
  for (const n of nodes) {
    const id = uniqueId({ ...out, nodes: [...out.nodes, ...added] }, n.id.replace(/\d+$/, ''))
    ids.set(n.id, id)
    const p = n.position ?? { x: 0, y: 0 }
    added.push({ ...structuredClone(n), id, position: { x: p.x + offset, y: p.y + offset } })
  }
  out = { ...out, nodes: [...out.nodes, ...added] }
  const copied = edges
    .filter((e) => ids.has(e.source) && ids.has(e.target))
    .map((e) => ({
      ...e,
      id: `${ids.get(e.source)}->${ids.get(e.target)}`,
      source: ids.get(e.source)!,
      target: ids.get(e.target)!,
    }))
  return [{ ...out, edges: [...out.edges, ...copied] }, [...ids.values()]]
}
