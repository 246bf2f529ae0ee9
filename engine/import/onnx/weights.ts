/**
 * The imported weights as a checkpoint of the imported graph: the graph is compiled, each node's
 * weights are written into its tfjs layer by Keras name (shapes checked), and the model's weights
 * are then taken in the model's own order, the order `restoreState` reads them back in.
 */
import { admitGraph } from '../../budget'
import { compile } from '../../compile/compile'
import type { Analysis } from '../../graph/analyze'
import type { GraphDoc } from '../../graph/schema'
import type { Tf } from '../../layers/types'
import type { Checkpoint } from '../../train/checkpoint'
import type { ImportedModel } from './import'

const fmt = (s: readonly number[]) => `[${s.join('×')}]`

export interface ImportedCheckpoint {
  doc: GraphDoc
  analysis: Analysis
  checkpoint: Checkpoint
}

/**
 * Builds the imported graph and its checkpoint. Consumes `imported.weights`: each node's arrays
 * are dropped once they are in the model, so a large model is not held twice.
 */
export function importedCheckpoint(tf: Tf, imported: ImportedModel): ImportedCheckpoint {
  const { doc, analysis } = admitGraph(imported.doc, 'the imported graph')
  const compiled = compile(tf, analysis, { seed: doc.training.seed })
  try {
    const written = new Set<string>()
    for (const [id, named] of imported.weights) {
      const layerName = compiled.layerNames.get(id)
      const layer = compiled.model.layers.find((l) => l.name === layerName)
      for (const [key, w] of Object.entries(named)) {
        const v = layer?.weights.find((x) => x.originalName === `${layerName}/${key}`)
        if (!v) throw new Error(`the imported node '${id}' has no weight '${key}' once built`)
        if (fmt(v.shape.map(Number)) !== fmt(w.shape))
          throw new Error(
            `weight '${key}' of '${id}' is ${fmt(w.shape)} but the layer needs ${fmt(v.shape.map(Number))}`,
          )
        const t = tf.tensor(w.data, w.shape)
        v.write(t)
        t.dispose()
        written.add(v.originalName)
      }
      imported.weights.delete(id)
    }
    const missing = compiled.model.weights.find((w) => !written.has(w.originalName))
    if (missing) throw new Error(`the ONNX model gives no values for weight '${missing.originalName}'`)
    const ws = compiled.model.weights
    return {
      doc,
      analysis,
      checkpoint: {
        meta: {
          format: 'deepwire-checkpoint',
          version: 1,
          graph: doc,
          training: doc.training,
          epoch: 0,
          history: [],
          backend: tf.getBackend(),
          weights: ws.map((w) => ({ name: w.originalName, shape: w.shape.map(Number) })),
          optimizer: [],
        },
        // the variables' own buffers on cpu: encodeCheckpoint copies them once into the file's bytes
        weights: ws.map((w) => w.read().dataSync() as Float32Array),
        optimizer: [],
      },
    }
  } finally {
    compiled.model.dispose()
  }
}
