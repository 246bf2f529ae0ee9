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
import { admitGraph, estimateTrainingMemory, memoryBudget, memoryRefusal } from '../budget'
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
    if (req.resumeFrom && req.initFrom)
      throw new Error(
        'choose either resuming a run (it continues its epochs and optimizer) or starting from its weights, not both',
      )
    const resume = req.resumeFrom ? await loadCheckpointFile(req.resumeFrom) : undefined
    const initFrom = req.initFrom
      ? {
          checkpoint: await loadCheckpointFile(req.initFrom),
          label: req.initLabel ?? path.basename(req.initFrom),
        }
      : undefined
    // a checkpoint's graph is as untrusted as any graph file
    const { doc, analysis } = admitGraph(
      resume ? resume.meta.graph : req.graph,
      resume ? "the checkpoint's graph" : 'the graph',
    )
    const settings = trainingSchema.safeParse({
      ...(resume?.meta.training ?? doc.training),
      ...req.overrides,
    })
    // the settings come from the graph, a checkpoint or the caller's overrides: one sentence, not zod's dump
    if (!settings.success) {
      const i = settings.error.issues[0]
      throw new Error(`training setting '${i.path.join('.') || 'training'}': ${i.message}`)
    }
    const cfg = settings.data
    emit({ type: 'phase', phase: 'backend' })
    const backend = await initBackend(tf, req.backend)
    const { name, ...dsOpts } = cfg.dataset
    emit({ type: 'phase', phase: 'data' })
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
    emit({ type: 'phase', phase: 'model' })
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
      initFrom,
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
