import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseGraph } from '../../../engine/graph/parse'
import { trainingSchema, type GraphDocInput } from '../../../engine/graph/schema'
import { encodeCheckpoint } from '../../../engine/train/checkpoint'

const dir = mkdtempSync(path.join(tmpdir(), 'dw-inspect-'))

/** Writes a checkpoint of `graph` holding exactly `weights` (in the model's weight order). */
export function checkpointWith(graph: GraphDocInput, weights: { shape: number[]; values: number[] }[]) {
  const p = parseGraph(graph)
  if (!p.ok) throw new Error(p.errors[0].message)
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.dwckpt`)
  const bytes = encodeCheckpoint({
    meta: {
      format: 'deepwire-checkpoint',
      version: 1,
      graph: p.doc,
      training: trainingSchema.parse(p.doc.training),
      epoch: 1,
      history: [],
      backend: 'wasm',
      weights: weights.map((w, i) => ({ name: `w${i}`, shape: w.shape })),
      optimizer: [],
    },
    weights: weights.map((w) => Float32Array.from(w.values)),
    optimizer: [],
  })
  writeFileSync(file, bytes)
  return file
}
