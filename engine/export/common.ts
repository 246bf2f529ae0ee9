/**
 * What every exporter starts from: the analysed graph and a tfjs model holding the weights to
 * export — a checkpoint's, or the graph's seeded initial weights (what training would start from).
 */
import type * as tfTypes from '@tensorflow/tfjs'
import { compile, type Compiled } from '../compile/compile'
import { rng } from '../data/random'
import { analyze, type Analysis } from '../graph/analyze'
import { formatIssue } from '../graph/issues'
import type { GraphDoc } from '../graph/schema'
import type { Tf } from '../layers/types'
import type { Checkpoint } from '../train/checkpoint'
import { restoreState } from '../train/state'

export interface ExportModel extends Compiled {
  analysis: Analysis
}

/** The tfjs the app runs on; loaded lazily so importing an exporter stays free of side effects. */
export async function defaultTf(): Promise<Tf> {
  return (await import('@tensorflow/tfjs')) as Tf
}

/** Analyses and compiles `doc`; with a checkpoint its weights (BatchNorm statistics included). */
export async function buildExportModel(
  tf: Tf,
  doc: GraphDoc,
  checkpoint: Checkpoint | null,
): Promise<ExportModel> {
  const analysis = analyze(doc)
  if (!analysis.ok) throw new Error(`cannot export a graph with errors: ${formatIssue(analysis.errors[0])}`)
  const compiled = compile(tf, analysis, { seed: doc.training.seed })
  if (checkpoint) await restoreState(tf, compiled.model, null, checkpoint)
  return { ...compiled, analysis }
}

export interface WeightArray {
  data: Float32Array
  /** tfjs' shape, e.g. a conv kernel's [kh, kw, in, out] */
  shape: number[]
}

/** The weights of the tfjs layer named `layerName`, by Keras name ('kernel', 'moving_mean' …). */
export function layerWeights(model: tfTypes.LayersModel, layerName: string): Map<string, WeightArray> {
  const out = new Map<string, WeightArray>()
  const layer = model.layers.find((l) => l.name === layerName)
  for (const w of layer?.weights ?? []) {
    const name = w.originalName.slice(layerName.length + 1)
    out.set(name, { data: Float32Array.from(w.read().dataSync()), shape: w.shape.map(Number) })
  }
  return out
}

/**
 * Replaces the weights nobody would notice being wrong at their initial values — zero biases,
 * BatchNorm's 0/1 statistics and unit scale, PReLU's 0.25 — with seeded random ones, so parity
 * tests catch a mis-mapped bias or statistic. Kernels keep their seeded initialisation.
 */
export function randomizeWeights(tf: Tf, model: tfTypes.LayersModel, seed: number): void {
  const r = rng(seed)
  const ranges: [RegExp, number, number][] = [
    [/\/(moving_variance|gamma)$/, 0.5, 1.5],
    [/\/(moving_mean|beta|bias)$/, -0.3, 0.3],
    [/\/alpha$/, 0.05, 0.5],
  ]
  for (const w of model.weights) {
    const range = ranges.find(([re]) => re.test(w.originalName))
    if (!range) continue
    const n = w.shape.reduce<number>((a, b) => a * Number(b), 1)
    const values = Float32Array.from({ length: n }, () => r.uniform(range[1], range[2]))
    const t = tf.tensor(values, w.shape.map(Number))
    w.write(t)
    t.dispose()
  }
}

export interface SampleInput {
  data: Float32Array | Int32Array
  /** With the batch axis first, channels-last like the engine. */
  shape: number[]
  dtype: 'float32' | 'int32'
}

/**
 * Seeded inputs for checking an export against the engine: uniform [0, 1) like scaled pixels,
 * or token ids below the smallest Embedding vocabulary the input feeds. Large inputs (224×224
 * images) come one at a time to keep the check quick.
 */
export function sampleInputs(a: Analysis, seed: number, batch = 4): SampleInput[] {
  const r = rng(seed)
  return a.inputs.map((id) => {
    const node = a.order.find((n) => n.id === id)!
    const per = node.outputShape.reduce((x, y) => x * y, 1)
    const shape = [per > 50_000 ? 1 : batch, ...node.outputShape]
    const n = shape.reduce((x, y) => x * y, 1)
    if ((node.params as { dtype?: string }).dtype !== 'int32')
      return { data: Float32Array.from({ length: n }, () => r()), shape, dtype: 'float32' }
    const vocab = Math.min(
      ...a.order
        .filter((c) => c.type === 'Embedding' && c.inputs.includes(id))
        .map((c) => (c.params as { inputDim: number }).inputDim),
      10,
    )
    return { data: Int32Array.from({ length: n }, () => r.int(vocab)), shape, dtype: 'int32' }
  })
}
