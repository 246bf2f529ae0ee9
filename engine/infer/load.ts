import { compile } from '../compile/compile'
import { admitGraph } from '../budget'
import type { Tf } from '../layers/types'
import type { Checkpoint } from '../train/checkpoint'
import { outputHead } from '../train/head'
import { restoreState } from '../train/state'
import type { Predictor } from './predict'

/**
 * A trained model ready for `predict`: the graph (the one given, else the checkpoint's own),
 * compiled and loaded with the checkpoint's weights, with the saved vocabulary and layout.
 */
export async function predictorFromCheckpoint(tf: Tf, ckpt: Checkpoint, graph?: unknown): Promise<Predictor> {
  const data = ckpt.meta.dataset
  if (!data)
    throw new Error(
      'this checkpoint does not record its dataset (vocabulary and layout): it was written by an older Deepwire, train again',
    )
  const { analysis } = admitGraph(graph ?? ckpt.meta.graph)
  const { model } = compile(tf, analysis, { seed: ckpt.meta.training.seed })
  await restoreState(tf, model, null, ckpt)
  return { tf, model, analysis, head: outputHead(analysis), data }
}
