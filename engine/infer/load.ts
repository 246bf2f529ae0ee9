import { compile } from '../compile/compile'
import { analyze } from '../graph/analyze'
import { formatIssue } from '../graph/issues'
import { parseGraph } from '../graph/parse'
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
  const parsed = parseGraph(graph ?? ckpt.meta.graph)
  if (!parsed.ok) throw new Error(parsed.errors.map(formatIssue).join('\n'))
  const analysis = analyze(parsed.doc)
  if (!analysis.ok) throw new Error(analysis.errors.map(formatIssue).join('\n'))
  const { model } = compile(tf, analysis, { seed: ckpt.meta.training.seed })
  await restoreState(tf, model, null, ckpt)
  return { tf, model, analysis, head: outputHead(analysis), data }
}
