/**
 * One training run from an untrusted request: validate the graph, load the dataset, pick the
 * backend, train, write checkpoints. Everything that goes wrong becomes a 'failed' event with
 * a sentence, never an exception escaping to the host.
 */
import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { gpuTensorRefusal } from '../backend/gpu-limits'
import { initBackend } from '../backend/select'
import { loadDataset } from '../data/registry'
import { analyze } from '../graph/analyze'
import { formatIssue } from '../graph/issues'
import { estimateTrainingMemory, memoryBudget, memoryRefusal } from '../graph/memory'
import { parseGraph } from '../graph/parse'
import { trainingSchema } from '../graph/schema'
import type { Tf } from '../layers/types'
import { trainRequestSchema, type TrainEvent, type TrainRequest } from '../protocol'
import { decodeCheckpoint, encodeCheckpoint, type Checkpoint } from '../train/checkpoint'
import { runTraining, type Control, type RunResult } from '../train/loop'
import type { ReplicaFactory } from '../train/parallel/group'
import { writeFileAtomic } from './atomic'

export const CHECKPOINT_FILE = 'checkpoint.dwckpt'

export async function loadCheckpointFile(file: string): Promise<Checkpoint> {
  let bytes: Buffer
  try {
    bytes = await fs.readFile(file)
  } catch (e) {
    throw new Error(`cannot read checkpoint ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, {
      cause: e,
    })
  }
  return decodeCheckpoint(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), file)
}

export async function executeRun(
  tf: Tf,
  raw: TrainRequest,
  emit: (e: TrainEvent) => void,
  control: Control,
  replicas?: ReplicaFactory,
): Promise<RunResult | null> {
  try {
    const req = trainRequestSchema.parse(raw)
    const resume = req.resumeFrom ? await loadCheckpointFile(req.resumeFrom) : undefined
    const parsed = parseGraph(resume ? resume.meta.graph : req.graph)
    if (!parsed.ok) {
      emit({
        type: 'failed',
        message: parsed.errors.map(formatIssue).join('\n'),
        nodeId: parsed.errors[0].nodeId,
      })
      return null
    }
    const doc = parsed.doc
    const cfg = trainingSchema.parse({ ...(resume?.meta.training ?? doc.training), ...req.overrides })
    const analysis = analyze(doc)
    if (!analysis.ok) {
      emit({
        type: 'failed',
        message: analysis.errors.map(formatIssue).join('\n'),
        nodeId: analysis.errors[0].nodeId,
      })
      return null
    }
    const backend = await initBackend(tf, req.backend)
    const { name, ...dsOpts } = cfg.dataset
    const dataset = await loadDataset(name, { ...dsOpts, seed: cfg.seed })
    // refuse before any tensor exists: a run that cannot fit would die halfway through an epoch
    const batch = Math.min(cfg.batchSize, dataset.size)
    const estimate = estimateTrainingMemory(analysis, batch, cfg.optimizer.type)
    const budget = memoryBudget(backend.name, os.totalmem(), process.env.DEEPWIRE_MEMORY_BUDGET_MB)
    const refusal =
      memoryRefusal(estimate, budget, batch) ??
      (backend.gpu ? gpuTensorRefusal(analysis, batch, backend.gpu) : null)
    if (refusal) {
      emit({ type: 'failed', message: refusal })
      return null
    }
    const result = await runTraining({
      tf,
      doc,
      analysis,
      cfg,
      dataset,
      backend,
      emit,
      control,
      resume,
      maxBatches: req.maxBatches,
      replicas,
      saveCheckpoint: req.outDir
        ? async (c) => {
            const file = path.join(req.outDir!, CHECKPOINT_FILE)
            await writeFileAtomic(file, encodeCheckpoint(c))
            return file
          }
        : undefined,
    })
    emit({ type: 'finished', reason: result.reason, epochs: result.history.length, history: result.history })
    return result
  } catch (e) {
    const nodeId = (e as { nodeId?: unknown })?.nodeId
    emit({
      type: 'failed',
      message: e instanceof Error ? e.message : String(e),
      ...(typeof nodeId === 'string' ? { nodeId } : {}),
    })
    return null
  }
}
