/**
 * Moving weights and optimizer state between a live model and a Checkpoint. Weights are
 * matched by position and checked by shape: the compile is deterministic, so the same graph
 * gives the same order, and a different graph is caught with a message naming the weight.
 */
import type * as tfTypes from '@tensorflow/tfjs'
import type { Tf } from '../layers/types'
import type { Checkpoint, CheckpointMeta, TensorEntry } from './checkpoint'
import { quote } from '../budget/untrusted'

const fmt = (s: number[]) => `[${s.join('×')}]`

export async function snapshot(
  model: tfTypes.LayersModel,
  optimizer: tfTypes.Optimizer,
  meta: Omit<CheckpointMeta, 'format' | 'version' | 'weights' | 'optimizer'>,
): Promise<Checkpoint> {
  const weights = model.weights.map((w) => ({ name: w.originalName, shape: w.shape.map(Number) }))
  const weightData = await Promise.all(
    model.weights.map(async (w) => (await w.read().data()) as Float32Array),
  )
  const opt = await optimizer.getWeights()
  const optimizerEntries: TensorEntry[] = opt.map((o) => ({ name: o.name, shape: o.tensor.shape }))
  const optData = await Promise.all(opt.map(async (o) => Float32Array.from(await o.tensor.data())))
  return {
    meta: { format: 'deepwire-checkpoint', version: 1, ...meta, weights, optimizer: optimizerEntries },
    weights: weightData.map((d) => Float32Array.from(d)),
    optimizer: optData,
  }
}

export async function restoreState(
  tf: Tf,
  model: tfTypes.LayersModel,
  optimizer: tfTypes.Optimizer | null,
  c: Checkpoint,
): Promise<void> {
  const ws = model.weights
  if (ws.length !== c.meta.weights.length)
    throw new Error(
      `the checkpoint holds ${c.meta.weights.length} weight tensors but this graph has ${ws.length}`,
    )
  ws.forEach((w, i) => {
    const want = w.shape.map(Number)
    const got = c.meta.weights[i].shape
    if (want.join() !== got.join())
      throw new Error(
        `checkpoint weight ${quote(c.meta.weights[i].name)} has shape ${fmt(got)} but ${quote(w.originalName)} needs ${fmt(want)}`,
      )
  })
  const values = c.weights.map((d, i) => tf.tensor(d, c.meta.weights[i].shape))
  model.setWeights(values)
  tf.dispose(values)
  if (optimizer && c.optimizer.length) {
    const named = c.optimizer.map((d, i) => ({
      name: c.meta.optimizer[i].name,
      tensor: tf.tensor(d, c.meta.optimizer[i].shape),
    }))
    // optimizers copy the values into their own variables
    await optimizer.setWeights(named)
    tf.dispose(named.map((n) => n.tensor))
  }
}
