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
 * Smallest part per worker for 'auto'. Below it the fixed cost of a step (kernel launches, the
 * gradient exchange, two barriers) outweighs the halved compute; measured with LeNet on 2 cores.
 */
export const MIN_PART = 32
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
  const unsplittable =
    analysis.inputs.length > 1 || ds.moreInputs?.length
      ? 'models with several inputs train on one worker'
      : ds.ignoreTarget !== undefined
        ? 'a padding-masked loss averages over tokens, not samples, so it trains on one worker'
        : cfg.loss === 'dice'
          ? 'the Dice loss is not a mean over samples, so it trains on one worker'
          : null
  if (unsplittable) return { workers: 1, note: unsplittable }
  if (cfg.workers === 'auto') {
    // native TensorFlow already spreads one step over every core
    if (backend !== 'wasm') return { workers: 1 }
    return { workers: Math.max(1, Math.min(replicas.cores, AUTO_MAX, Math.floor(batch / MIN_PART))) }
  }
  return { workers: Math.min(cfg.workers, batch, MAX_WORKERS) }
}

export function describeWorkers(detail: string, plan: WorkerPlan): string {
  if (plan.workers > 1) return `${detail} × ${plan.workers} workers, data-parallel`
  return plan.note ? `${detail}, 1 worker (${plan.note})` : detail
}
