/**
 * Export in one place for the CLI and the app: validate the request, load the checkpoint,
 * write ONNX / PyTorch / tfjs, and say what was written and how well it matches the engine.
 */
import { exportOnnxFile } from '../export/onnx/file'
import { exportPytorch } from '../export/pytorch'
import { exportTfjs } from '../export/tfjs'
import { admitGraph } from '../budget'
import { exportRefusal } from '../budget/export-size'
import type { Tf } from '../layers/types'
import { exportRequestSchema, type ExportPhase, type ExportRequest, type ExportResult } from '../protocol'
import { loadCheckpointFile } from './run'

/**
 * With a checkpoint, the package carries the settings its run trained with (the epochs, batch
 * size, learning rate … the user set for that run), not the graph's defaults: train.py then
 * repeats the run whose weights it holds. `onPhase` hears each step as it starts.
 */
export async function executeExport(
  tf: Tf,
  raw: ExportRequest,
  onPhase: (phase: ExportPhase) => void = () => {},
): Promise<ExportResult> {
  const req = exportRequestSchema.parse(raw)
  if (req.checkpoint) onPhase('load')
  const checkpoint = req.checkpoint ? await loadCheckpointFile(req.checkpoint) : null
  const admitted = admitGraph(req.graph ?? checkpoint?.meta.graph)
  const { analysis } = admitted
  const doc = checkpoint ? { ...admitted.doc, training: checkpoint.meta.training } : admitted.doc
  const tooBig = exportRefusal(analysis, req.format)
  if (tooBig) throw new Error(tooBig)
  const trained = checkpoint !== null
  const run = checkpoint
    ? {
        epoch: checkpoint.meta.epoch,
        epochs: checkpoint.meta.training.epochs,
        batchSize: checkpoint.meta.training.batchSize,
        lr: checkpoint.meta.training.optimizer.lr,
      }
    : undefined
  onPhase('build')
  if (req.format === 'onnx') {
    const r = await exportOnnxFile(doc, checkpoint, req.out, { tf, onPhase })
    return {
      format: 'onnx',
      path: r.path,
      files: [r.path],
      parity: r.parity
        ? {
            maxDiff: r.parity.maxDiff,
            latencyMs: r.parity.latencyMs,
            engineLatencyMs: r.parity.engineLatencyMs,
            ...(r.parity.gpuLatencyMs !== undefined
              ? { gpuLatencyMs: r.parity.gpuLatencyMs, gpuMaxDiff: r.parity.gpuMaxDiff }
              : {}),
            ...(r.parity.gpuNote ? { gpuNote: r.parity.gpuNote } : {}),
          }
        : undefined,
      warnings: [],
      trained,
      run,
    }
  }
  if (req.format === 'pytorch') {
    const r = await exportPytorch(doc, checkpoint, req.out, { tf, data: req.data, onPhase })
    return { format: 'pytorch', path: r.dir, files: r.files, warnings: r.warnings, trained, run }
  }
  const r = await exportTfjs(doc, checkpoint, req.out, { tf })
  return { format: 'tfjs', path: r.dir, files: r.files, warnings: [], trained, run }
}
