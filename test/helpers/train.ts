import * as tf from '@tensorflow/tfjs'
import { initBackend, type BackendPreference } from '../../engine/backend/select'
import { loadDataset } from '../../engine/data/registry'
import { analyze } from '../../engine/graph/analyze'
import { parseGraph } from '../../engine/graph/parse'
import { trainingSchema, type GraphDocInput } from '../../engine/graph/schema'
import type { TrainEvent } from '../../engine/protocol'
import type { Checkpoint } from '../../engine/train/checkpoint'
import { runTraining, type Control } from '../../engine/train/loop'
import type { ReplicaFactory } from '../../engine/train/parallel/group'

export { tf }

export const idle: Control = { stopRequested: false, whilePaused: async () => {} }

/** Trains a graph in this process (on wasm unless told) and returns the events and the model. */
export async function trainInProcess(
  input: GraphDocInput,
  overrides: Record<string, unknown> = {},
  extra: {
    resume?: Checkpoint
    /** Weights to start from (fine-tuning), matched by node name and shape. */
    initFrom?: Checkpoint
    keep?: (c: Checkpoint) => void
    control?: Control
    maxBatches?: number
    onEvent?: (e: TrainEvent) => void
    /** Data-parallel replicas (training.workers); without them the run stays on one thread. */
    replicas?: ReplicaFactory
    /** wasm unless a test asks for another backend. */
    backend?: BackendPreference
  } = {},
) {
  const backend = await initBackend(tf, extra.backend ?? 'wasm')
  const p = parseGraph(input)
  if (!p.ok) throw new Error(p.errors[0].message)
  const cfg = trainingSchema.parse({ ...p.doc.training, ...overrides })
  const analysis = analyze(p.doc)
  if (!analysis.ok) throw new Error(analysis.errors[0].message)
  const { name, ...opts } = cfg.dataset
  const events: TrainEvent[] = []
  const result = await runTraining({
    tf,
    doc: p.doc,
    analysis,
    cfg,
    dataset: await loadDataset(name, { ...opts, seed: cfg.seed }),
    backend,
    emit: (e) => {
      events.push(e)
      extra.onEvent?.(e)
    },
    control: extra.control ?? idle,
    resume: extra.resume,
    initFrom: extra.initFrom ? { checkpoint: extra.initFrom, label: 'source.dwckpt' } : undefined,
    maxBatches: extra.maxBatches,
    replicas: extra.replicas,
    saveCheckpoint: extra.keep
      ? async (c) => {
          extra.keep!(c)
          return 'memory'
        }
      : undefined,
  })
  const epochs = events.filter((e) => e.type === 'epoch-end')
  return { ...result, events, epochs }
}

export const mlp = (
  inputs: number,
  hidden: number,
  outputs: number,
  dataset: string,
  loss = 'cross-entropy',
): GraphDocInput => ({
  format: 'deepwire-graph',
  version: 2,
  nodes: [
    { id: 'in', type: 'Input', params: { shape: [inputs] } },
    ...(hidden ? [{ id: 'h', type: 'Dense', params: { units: hidden, activation: 'tanh' } }] : []),
    { id: 'out', type: 'Dense', params: { units: outputs } },
  ],
  edges: hidden
    ? [
        { source: 'in', target: 'h' },
        { source: 'h', target: 'out' },
      ]
    : [{ source: 'in', target: 'out' }],
  training: {
    dataset: { name: dataset },
    loss: loss as 'mse',
    batchSize: 32,
    epochs: 5,
    validationSplit: 0.2,
  },
})
