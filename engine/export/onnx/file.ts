/**
 * ONNX export to a file (Node only: filesystem and onnxruntime): what the CLI's `export` command
 * and the app's worker call. Builds the model with the checkpoint's weights (or the graph's seeded
 * initial weights), writes the file atomically and by default checks it against the engine.
 */
import { compile } from '../../compile/compile'
import { analyze } from '../../graph/analyze'
import { formatIssue } from '../../graph/issues'
import { parseGraph } from '../../graph/parse'
import type { Tf } from '../../layers/types'
import { writeFileAtomic } from '../../node/atomic'
import type { Checkpoint } from '../../train/checkpoint'
import { restoreState } from '../../train/state'
import { exportOnnx, type OnnxExportOptions } from './export'
import { checkParity, type Parity } from './parity'

export interface OnnxFileOptions extends Omit<OnnxExportOptions, 'analysis'> {
  /** A tfjs already on its backend; by default @tensorflow/tfjs is loaded on the best available one. */
  tf?: Tf
  /**
   * Run a random batch through the engine and onnxruntime and report the difference (default
   * true). Costs one forward pass on each: seconds for the 224×224 presets.
   */
  verify?: boolean
  /** Hears each step as it starts: the model's bytes, then the parity check. */
  onPhase?: (phase: 'write' | 'parity') => void
}

export interface OnnxFileResult {
  path: string
  bytes: number
  /** null when `verify` is false */
  parity: Parity | null
}

/** The last epoch's numbers, as `metric.<name>` metadata: loss, val_loss, accuracy, val_accuracy … */
function finalMetrics(c: Checkpoint): Record<string, number> {
  const last = c.meta.history.at(-1)
  if (!last) return {}
  const out: Record<string, number> = { epochs: c.meta.epoch, loss: last.loss }
  if (last.valLoss !== null) out.val_loss = last.valLoss
  for (const [k, v] of Object.entries(last.metrics)) out[k] = v
  for (const [k, v] of Object.entries(last.valMetrics)) out[`val_${k}`] = v
  return out
}

/**
 * Exports `graph` (an untrusted GraphDoc JSON, or null to take the checkpoint's) to `outPath`.
 * Without a checkpoint the weights are the graph's seeded initial weights. Throws an Error whose
 * message names the problem (graph errors, checkpoint mismatch, OnnxExportError for a node).
 */
export async function exportOnnxFile(
  graph: unknown,
  checkpoint: Checkpoint | null,
  outPath: string,
  opts: OnnxFileOptions = {},
): Promise<OnnxFileResult> {
  const parsed = parseGraph(graph ?? checkpoint?.meta.graph)
  if (!parsed.ok) throw new Error(parsed.errors.map(formatIssue).join('\n'))
  const doc = parsed.doc
  const analysis = analyze(doc)
  if (!analysis.ok) throw new Error(analysis.errors.map(formatIssue).join('\n'))

  let tf = opts.tf
  if (!tf) {
    tf = (await import('@tensorflow/tfjs')) as unknown as Tf
    const { initHostBackend } = await import('../../backend/select')
    await initHostBackend(tf)
  }
  const compiled = compile(tf, analysis, { seed: doc.training.seed })
  try {
    if (checkpoint) await restoreState(tf, compiled.model, null, checkpoint)
    opts.onPhase?.('write')
    const metrics = { ...(checkpoint ? finalMetrics(checkpoint) : {}), ...opts.metrics }
    const bytes = exportOnnx(doc, compiled, { preset: opts.preset, metrics, analysis })
    // checked before it is written: a file onnxruntime cannot run is not left behind
    if (opts.verify !== false) opts.onPhase?.('parity')
    const parity =
      opts.verify === false ? null : await checkParity(tf, compiled, analysis, bytes, { batch: 1 })
    await writeFileAtomic(outPath, bytes)
    return { path: outPath, bytes: bytes.length, parity }
  } finally {
    compiled.model.dispose()
  }
}
