/**
 * `deepwire import`: an ONNX file → DIR/graph.json and DIR/<name>.dwckpt, both or neither
 * (written through one temp folder). External data is read from the model's own folder only.
 */
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { importOnnx } from '../import/onnx/import'
import { OnnxReadError } from '../import/onnx/wire-read'
import { importedCheckpoint } from '../import/onnx/weights'
import type { Shape, Tf } from '../layers/types'
import { encodeCheckpoint } from '../train/checkpoint'
import { writeDirAtomic } from './atomic'

export interface ImportSummary {
  ok: true
  graph: string
  checkpoint: string
  nodes: number
  trainableParams: number
  inputs: { name: string; shape: Shape }[]
  outputs: { name: string; shape: Shape }[]
  warnings: string[]
}

/** A protobuf message cannot exceed 2 GiB; bigger weights live in external data files. */
const MAX_MODEL_BYTES = 2 ** 31

/** The checkpoint's file name: the model's, kept to characters safe on every file system. */
export const checkpointName = (file: string) =>
  (path
    .basename(file)
    .replace(/\.onnx$/i, '')
    .replace(/[^A-Za-z0-9_.-]/g, '_')
    .replace(/^[.]+/, '') || 'model') + '.dwckpt'

/** Reads and maps the model; the file's bytes are garbage once this returns (weights are copied out). */
async function importFile(file: string) {
  const bytes = await fs.readFile(file)
  const name = path.basename(file).replace(/\.onnx$/i, '')
  try {
    return importOnnx(bytes, { name, modelDir: path.dirname(path.resolve(file)) })
  } catch (e) {
    if (e instanceof OnnxReadError) throw new Error(`cannot import ${file}: ${e.message}`, { cause: e })
    throw e
  }
}

/**
 * Imports `file` into `outDir`. `loadTf` is called only once the model has been read and mapped,
 * so a refused file costs no tfjs start-up.
 */
export async function importModelFile(
  loadTf: () => Promise<Tf>,
  file: string,
  outDir: string,
  /** The checkpoint's file name (the app's run folders use their own); the model's name by default. */
  ckpt = checkpointName(file),
): Promise<ImportSummary> {
  const stat = await fs.stat(file).catch((e: NodeJS.ErrnoException) => {
    throw new Error(`cannot read ${file}: ${e.code ?? e.message}`)
  })
  if (!stat.isFile()) throw new Error(`${file} is not a file`)
  if (stat.size >= MAX_MODEL_BYTES)
    throw new Error(
      `${file} is ${(stat.size / 2 ** 30).toFixed(1)} GiB, more than an ONNX file can hold (2 GiB)`,
    )
  const imported = await importFile(file)
  const { doc, analysis, checkpoint } = importedCheckpoint(await loadTf(), imported)
  const [graphPath, ckptPath] = await writeDirAtomic(outDir, async (tmp) => {
    await fs.writeFile(path.join(tmp, 'graph.json'), JSON.stringify(doc, null, 2) + '\n')
    await fs.writeFile(path.join(tmp, ckpt), encodeCheckpoint(checkpoint))
    return ['graph.json', ckpt]
  })
  return {
    ok: true,
    graph: graphPath,
    checkpoint: ckptPath,
    // layers once the blocks are expanded (the top level of a grouped model holds few)
    nodes: analysis.order.length,
    trainableParams: analysis.totals.trainableParams,
    inputs: imported.inputs,
    outputs: imported.outputs,
    warnings: imported.warnings,
  }
}
