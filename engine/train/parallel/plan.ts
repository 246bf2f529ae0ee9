/**
 * How many threads train a run. Parallel only when the caller can start replicas (the Node
 * training worker can; in-process callers such as unit tests cannot) and splitting the batch
 * leaves the loss unchanged.
 */
import type { Dataset } from '../../data/types'
import type { Analysis } from '../../graph/analyze'
import type { TrainingConfig } from '../../graph/schema'
import type { ReplicaFactory } from './group'
import { MAX_WORKERS } from './shared'

/**
 * What 'auto' asks of each worker's part of a batch before splitting it. Every replica pays a
 * step's fixed cost again (tfjs op dispatch and gradient tape, the optimizer update over all
 * weights: 13 ms of the MLP's 25 ms step at batch 256, measured by CPU time) plus the exchange,
 * which grows with the parameters. A part is worth a thread when its own work — about 3 × the
 * forward multiply-adds per sample, forward and backward — is at least about that fixed cost
 * (100 M multiply-adds ≈ 10 ms on wasm) and dwarfs the parameter count. LeNet at batch 256
 * qualifies, the MLP only from batch 512, ResNet-18 at any batch of 2 or more.
 */
export const MIN_PART_SAMPLES = 8
export const MIN_PART_MACS = 100e6
export const MIN_MACS_PER_PARAM = 50
/** 'auto' never uses more: the gain flattens while memory (one model and dataset each) grows. */
export const AUTO_MAX = 4

export interface WorkerPlan {
  workers: number
  /** Why a run that could have been split trains on one worker. */
  note?: string
}

export function planWorkers(
  cfg: TrainingConfig,
  backend: string,
  replicas: ReplicaFactory | undefined,
  analysis: Analysis,
  ds: Dataset,
  batch: number,
): WorkerPlan {
  if (!replicas || cfg.workers === 1) return { workers: 1 }
  // replicas are threads sharing one device; on a GPU they would only queue behind each other
  if (backend === 'webgpu') return { workers: 1, note: 'one GPU trains as one replica' }
  const unsplittable =
    analysis.inputs.length > 1 || ds.moreInputs?.length
      ? 'models with several inputs train on one worker'
      : ds.ignoreTarget !== undefined
        ? 'a padding-masked loss averages over tokens, not samples, so it trains on one worker'
        : cfg.loss === 'dice'
          ? 'the Dice loss is not a mean over samples, so it trains on one worker'
          : cfg.dataset.partition === 'sequential'
            ? 'sequential partitioning carries the recurrent state from batch to batch, so it trains on one worker'
            : null
  if (unsplittable) return { workers: 1, note: unsplittable }
  if (cfg.workers === 'auto') {
    // native TensorFlow already spreads one step over every core
    if (backend !== 'wasm') return { workers: 1 }
    const { macs, trainableParams } = analysis.totals
    const worthIt = (part: number) =>
      part >= MIN_PART_SAMPLES &&
      3 * macs * part >= MIN_PART_MACS &&
      3 * macs * part >= MIN_MACS_PER_PARAM * trainableParams
    let k = Math.min(replicas.cores, AUTO_MAX)
    while (k > 1 && !worthIt(Math.floor(batch / k))) k--
    return { workers: k }
  }
  // each worker is a thread with its own engine and data (≈ 120 MB): more than the cores only
  // wait for each other, and more than the batch's samples have nothing to train on
  const workers = Math.min(cfg.workers, replicas.cores, batch, MAX_WORKERS)
  if (workers === cfg.workers) return { workers }
  const limit =
    workers === replicas.cores
      ? `this machine has ${replicas.cores} core${replicas.cores === 1 ? '' : 's'}`
      : workers === batch
        ? `a batch of ${batch} feeds at most ${batch}`
        : `at most ${MAX_WORKERS} are supported`
  return { workers, note: `${cfg.workers} workers asked, ${workers} used: ${limit}` }
}

export function describeWorkers(detail: string, plan: WorkerPlan): string {
  if (plan.workers > 1)
    return `${detail} × ${plan.workers} workers, data-parallel${plan.note ? ` (${plan.note})` : ''}`
  return plan.note ? `${detail}, 1 worker (${plan.note})` : detail
}
