/**
 * PyTorch parity plumbing shared by the preset suite and the sequence-layer suite: export a graph
 * beside its parity inputs and the engine's outputs, then check every package in one Python run.
 */
import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import * as tf from '@tensorflow/tfjs'
import { buildExportModel, randomizeWeights, sampleInputs } from '../../engine/export/common'
import { exportPytorch } from '../../engine/export/pytorch'
import { writeNpz, type NpyArray } from '../../engine/export/pytorch/npz'
import { parseGraph } from '../../engine/graph/parse'
import type { Checkpoint } from '../../engine/train/checkpoint'

export const PYTHON = process.env.DEEPWIRE_PYTHON ?? '/usr/bin/python3'
const CHECK = path.resolve('test/export/py/check_models.py')

export interface PytorchResult {
  dir: string
  maxDiff?: number
  peak?: number
  error?: string
}

/**
 * Exports one graph with its parity inputs and the engine's outputs beside the package: seeded
 * weights with random biases and statistics, or a trained run's checkpoint and live model.
 */
export async function exportWithOutputs(
  graph: unknown,
  dir: string,
  trained?: { checkpoint: Checkpoint; model: tf.LayersModel },
) {
  const parsed = parseGraph(graph)
  if (!parsed.ok) throw new Error(parsed.errors[0].message)
  const m = await buildExportModel(tf, parsed.doc, null)
  try {
    randomizeWeights(tf, m.model, 7)
    if (trained) await exportPytorch(parsed.doc, trained.checkpoint, dir, { tf })
    else await exportPytorch(parsed.doc, null, dir, { tf, model: m })
    const reference = trained?.model ?? m.model
    const inputs = sampleInputs(m.analysis, 11)
    const xs = inputs.map((i) => tf.tensor(i.data, i.shape, i.dtype))
    const ys = [reference.predict(xs.length === 1 ? xs[0] : xs)].flat() as tf.Tensor[]
    const arrays: NpyArray[] = [
      ...inputs.map((i, k) => ({ name: `input${k}`, ...i })),
      ...ys.map((y, k) => ({
        name: `output${k}`,
        dtype: 'float32' as const,
        shape: y.shape,
        data: y.dataSync() as Float32Array,
      })),
    ]
    await writeNpz(path.join(dir, 'parity.npz'), arrays)
    tf.dispose([...xs, ...ys])
  } finally {
    m.model.dispose()
  }
}

/** Runs check_models.py over the exported packages; one result per directory. */
export async function checkPackages(dirs: string[]): Promise<PytorchResult[]> {
  const { stdout } = await promisify(execFile)(PYTHON, [CHECK, ...dirs], { maxBuffer: 1 << 24 })
  return stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as PytorchResult)
}
