/**
 * tfjs LayersModel export: model.json + weights.bin, the pair `tf.loadLayersModel` reads in a
 * browser (over http) or in Node. Plain @tensorflow/tfjs has no file:// handler (that is
 * tfjs-node's), so saving and loading go through the small handlers below. Models that use
 * Deepwire's own layers (ConstantPad, ScaledELU) need `registerCustomLayers(tf)` before loading,
 * which `loadTfjsModel` does.
 */
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type * as tfTypes from '@tensorflow/tfjs'
import type { GraphDoc } from '../../graph/schema'
import { registerCustomLayers } from '../../layers/custom'
import type { Tf } from '../../layers/types'
import { writeDirAtomic } from '../../node/atomic'
import type { Checkpoint } from '../../train/checkpoint'
import { buildExportModel, defaultTf, type ExportModel } from '../common'

export const MODEL_JSON = 'model.json'
export const WEIGHTS_BIN = 'weights.bin'

export interface TfjsExportOptions {
  tf?: Tf
  /** A model already holding the weights to export; skips building from doc + checkpoint. */
  model?: ExportModel
}

const joined = (data: tfTypes.io.WeightData | undefined, tf: Tf): Uint8Array =>
  new Uint8Array(data === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(data))

/**
 * Writes `outDir`/model.json and weights.bin with the checkpoint's weights or, without one, the
 * graph's seeded initial weights. BatchNorm running statistics are included.
 */
export async function exportTfjs(
  doc: GraphDoc,
  checkpoint: Checkpoint | null,
  outDir: string,
  opts: TfjsExportOptions = {},
): Promise<{ dir: string; files: string[] }> {
  const tf = opts.tf ?? (await defaultTf())
  const m = opts.model ?? (await buildExportModel(tf, doc, checkpoint))
  const files = await writeDirAtomic(outDir, async (dir) => {
    await save(tf, m, doc, dir)
    return [MODEL_JSON, WEIGHTS_BIN]
  })
  return { dir: outDir, files }
}

async function save(tf: Tf, m: ExportModel, doc: GraphDoc, dir: string): Promise<void> {
  const files = [path.join(dir, MODEL_JSON), path.join(dir, WEIGHTS_BIN)]
  await m.model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const json: tfTypes.io.ModelJSON = {
        modelTopology: withStockInitializers(artifacts.modelTopology!),
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: null,
        weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] }],
        userDefinedMetadata: {
          deepwire: { graph: doc.name, inputs: m.analysis.inputs, outputs: m.analysis.outputs },
        },
      }
      await writeFile(files[0], JSON.stringify(json))
      await writeFile(files[1], joined(artifacts.weightData, tf))
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) }
    }),
  )
}

/** Loads a LayersModel saved by `exportTfjs` (or any model.json whose weight files lie beside it). */
export async function loadTfjsModel(tf: Tf, dir: string): Promise<tfTypes.LayersModel> {
  registerCustomLayers(tf)
  const json = JSON.parse(await readFile(path.join(dir, MODEL_JSON), 'utf8')) as tfTypes.io.ModelJSON
  const manifest = json.weightsManifest ?? []
  const parts = await Promise.all(manifest.flatMap((g) => g.paths.map((p) => readFile(path.join(dir, p)))))
  const weightData = tf.io.concatenateArrayBuffers(
    parts.map((b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer),
  )
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: manifest.flatMap((g) => g.weights),
      weightData,
      format: json.format,
    }),
  )
}

/**
 * The file carries the weights, so an initializer only matters to someone who rebuilds the model
 * untrained; stock tfjs does not know Deepwire's own (the bilinear one of transposed convolutions)
 * and would refuse to load the file, so those are written as zeros.
 */
function withStockInitializers<T>(topology: T): T {
  return JSON.parse(JSON.stringify(topology), (_key, value: unknown) =>
    value &&
    typeof value === 'object' &&
    (value as { class_name?: unknown }).class_name === 'DeepwireBilinear'
      ? { class_name: 'Zeros', config: {} }
      : value,
  ) as T
}
