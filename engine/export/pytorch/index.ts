/**
 * PyTorch export: a Python package directory with model.py (an nn.Module mirroring the graph),
 * weights.npz (its state_dict), train.py + data.py (the graph's training settings, runnable
 * under torchrun), README.md and, on request, data.npz (the samples the engine trains on).
 */
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { GraphDoc } from '../../graph/schema'
import type { Tf } from '../../layers/types'
import { writeDirAtomic } from '../../node/atomic'
import type { Checkpoint } from '../../train/checkpoint'
import { buildExportModel, defaultTf, type ExportModel } from '../common'
import { exportDataset, type DataExportOptions } from './data'
import { DATA_PY } from './datapy'
import { generateModel } from './model'
import { writeNpz } from './npz'
import { generateReadme } from './readme'
import { generateTrain } from './train'
import { stateDict } from './weights'

export { PytorchExportError } from './model'

export interface PytorchExportOptions {
  /** The tfjs instance to build the model with; defaults to '@tensorflow/tfjs'. */
  tf?: Tf
  /** A model already holding the weights to export (e.g. the one just trained); skips building. */
  model?: ExportModel
  /** Also write data.npz with the graph's dataset (`true`, or options such as a sample limit). */
  data?: boolean | DataExportOptions
  /** Hears each step as it starts: the files once the model is built, then the dataset. */
  onPhase?: (phase: 'write' | 'data') => void
}

export interface PytorchExportResult {
  dir: string
  /** Paths of the files written. */
  files: string[]
  /** What the export left out and why, for the user. */
  warnings: string[]
}

/**
 * Writes the PyTorch package for `doc` into `outDir` (created if missing), with the checkpoint's
 * weights or, without one, the graph's seeded initial weights. Throws PytorchExportError naming
 * the node when a layer has no PyTorch equivalent.
 */
export async function exportPytorch(
  doc: GraphDoc,
  checkpoint: Checkpoint | null,
  outDir: string,
  opts: PytorchExportOptions = {},
): Promise<PytorchExportResult> {
  const m = opts.model ?? (await buildExportModel(opts.tf ?? (await defaultTf()), doc, checkpoint))
  const a = m.analysis
  opts.onPhase?.('write')
  const src = generateModel(doc, a)
  const warnings: string[] = []
  const train = a.inputs.length === 1 && a.outputs.length === 1
  if (!train) warnings.push('train.py was not written: it handles graphs with one input and one output')

  const files = await writeDirAtomic(outDir, async (dir) => {
    const names: string[] = []
    const write = async (name: string, text: string) => {
      await writeFile(path.join(dir, name), text)
      names.push(name)
    }
    await write('model.py', src.code)
    await writeNpz(path.join(dir, 'weights.npz'), stateDict(m, src))
    names.push('weights.npz')
    if (train) {
      await write('train.py', generateTrain(doc, a, src))
      await write('data.py', DATA_PY)
    }
    if (opts.data) {
      opts.onPhase?.('data')
      await exportDataset(doc.training, path.join(dir, 'data.npz'), opts.data === true ? {} : opts.data, a)
      names.push('data.npz')
    }
    await write('README.md', generateReadme(doc, { data: !!opts.data, train }))
    return names
  })
  return { dir: outDir, files, warnings }
}
