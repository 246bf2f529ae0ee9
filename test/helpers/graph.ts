import type { GraphDocInput } from '../../engine/graph/schema'

type N = { id: string; type: string; params?: Record<string, unknown>; block?: string }

/** A graph document from a node list; `edges` as [source, target] pairs. */
export function doc(
  nodes: N[],
  edges: [string, string][],
  extra: Partial<GraphDocInput> = {},
): GraphDocInput {
  return {
    format: 'deepwire-graph',
    version: 2,
    nodes,
    edges: edges.map(([source, target]) => ({ source, target })),
    ...extra,
  }
}

/** Input → layers… in a chain. */
export function chain(inputShape: number[], ...layers: Omit<N, 'id'>[]): GraphDocInput {
  const nodes: N[] = [{ id: 'in', type: 'Input', params: { shape: inputShape } }]
  layers.forEach((l, i) => nodes.push({ id: `l${i + 1}`, ...l }))
  return doc(
    nodes,
    nodes.slice(1).map((n, i) => [nodes[i].id, n.id]),
  )
}
