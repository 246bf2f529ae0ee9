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
import { exportRequestSchema, type ExportRequest, type ExportResult } from '../protocol'
import { loadCheckpointFile } from './run'

export async function executeExport(tf: Tf, raw: ExportRequest): Promise<ExportResult> {
  const req = exportRequestSchema.parse(raw)
  const checkpoint = req.checkpoint ? await loadCheckpointFile(req.checkpoint) : null
  const { doc, analysis } = admitGraph(req.graph ?? checkpoint?.meta.graph)
  const tooBig = exportRefusal(analysis, req.format)
  if (tooBig) throw new Error(tooBig)
  const trained = checkpoint !== null
  if (req.format === 'onnx') {
    const r = await exportOnnxFile(doc, checkpoint, req.out, { tf })
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
    }
  }
  if (req.format === 'pytorch') {
    const r = await exportPytorch(doc, checkpoint, req.out, { tf, data: req.data })
    return { format: 'pytorch', path: r.dir, files: r.files, warnings: r.warnings, trained }
  }
  const r = await exportTfjs(doc, checkpoint, req.out, { tf })
  return { format: 'tfjs', path: r.dir, files: r.files, warnings: [], trained }
}
