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

/** A one-convolution segmenter of 8×6 RGB images into 3 classes, trained on a mask folder. */
export function threeClassSegmenter(maskDir: string, epochs: number): GraphDocInput {
  return {
    ...chain([6, 8, 3], { type: 'Conv2D', params: { filters: 3, kernelSize: 3, padding: 'same' } }),
    training: {
      dataset: { name: 'masks', path: maskDir },
      loss: 'cross-entropy',
      optimizer: { type: 'adam', lr: 0.05 },
      batchSize: 4,
      epochs,
      validationSplit: 0.25,
    },
  }
}
