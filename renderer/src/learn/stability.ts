/**
 * The numerical-stability lesson's experiment: the same deep MLP with sigmoid or ReLU hidden
 * layers and small-normal or Xavier initial weights, each trained for one small batch by the
 * engine, then each layer's gradient norm (the Inspect tab's histograms) against its depth.
 */
import type { GraphDocInput } from '../../../engine/graph/schema'
import type { TrainEvent } from '../../../engine/protocol'

type HistogramsEvent = Extract<TrainEvent, { type: 'histograms' }>

export const STABILITY_CASES = [
  { key: 'sigmoid-normal', activation: 'sigmoid', init: 'normal' },
  { key: 'sigmoid-glorot', activation: 'sigmoid', init: 'glorot' },
  { key: 'relu-normal', activation: 'relu', init: 'normal' },
  { key: 'relu-glorot', activation: 'relu', init: 'glorot' },
] as const
export type StabilityCase = (typeof STABILITY_CASES)[number]

export const STABILITY_COLORS: Record<StabilityCase['key'], string> = {
  'sigmoid-normal': '#dc2626',
  'sigmoid-glorot': '#ea580c',
  'relu-normal': '#2563eb',
  'relu-glorot': '#16a34a',
}

/** Hidden layer ids from the input side: h1 … h{depth}; then the output layer 'out'. */
export const layerIds = (depth: number) => [...Array.from({ length: depth }, (_, i) => `h${i + 1}`), 'out']

/** A Fashion-MNIST MLP of `depth` hidden Dense layers of `units`, every layer initialised alike. */
export function deepMlp(c: StabilityCase, depth: number, units: number): GraphDocInput {
  const ids = layerIds(depth)
  return {
    format: 'deepwire-graph',
    version: 2,
    name: `Deep MLP · ${c.activation} · ${c.init} · ${depth} layers`,
    nodes: [
      { id: 'in', type: 'Input', params: { shape: [28, 28, 1] }, position: { x: 0, y: 0 } },
      { id: 'flatten', type: 'Flatten', position: { x: 0, y: 90 } },
      ...ids.map((id, i) => ({
        id,
        type: 'Dense',
        params: id === 'out' ? { units: 10 } : { units, activation: c.activation },
        init: c.init,
        position: { x: 0, y: 180 + 90 * i },
      })),
    ],
    edges: ['in', 'flatten', ...ids].slice(1).map((target, i, all) => ({
      source: i === 0 ? 'in' : all[i - 1],
      target,
    })),
    training: {
      dataset: { name: 'fashion-mnist' },
      loss: 'cross-entropy',
      // one batch of plain SGD at a small rate: the gradients measured are those of the initial weights
      optimizer: { type: 'sgd', lr: 0.01 },
      batchSize: 256,
      epochs: 1,
      metrics: ['accuracy'],
    },
  }
}

/**
 * Each layer's kernel-gradient L2 norm, input side first, from a run's last histograms; null for a
 * layer the histograms lack.
 */
export function gradNormsByDepth(histograms: HistogramsEvent[], depth: number): (number | null)[] {
  const last = histograms.at(-1)
  return layerIds(depth).map(
    (id) => last?.layers.find((l) => l.node === id && l.param === 'kernel')?.grads.norm ?? null,
  )
}
