/**
 * Training memory, estimated from the analysis alone (no tensors): weights, their gradients,
 * the optimizer's state and the forward activations a batch keeps for the backward pass. Used
 * to refuse a run that cannot fit before anything is allocated, with the numbers shown.
 */
import type { Analysis } from '../graph/analyze'
import type { TrainingConfig } from '../graph/schema'

const FLOAT = 4

/**
 * Bytes a training step holds per byte of forward outputs: the outputs kept for the backward
 * pass, their gradients, and each layer's temporaries (BatchNorm's centred and scaled copies,
 * convolution patches, activation masks). Measured on ResNet-18 at 96×96 on wasm: peak RSS
 * 750 MB at batch 8 and 2,137 MB at batch 32, 57.8 MB per sample against 5.96 MB of outputs.
 */
export const TRAINING_ACTIVATION_FACTOR = 10

/** Per-weight tensors each optimizer keeps (Adam: first and second moments). */
const OPTIMIZER_SLOTS: Record<TrainingConfig['optimizer']['type'], number> = {
  sgd: 0,
  momentum: 1,
  rmsprop: 2,
  adam: 2,
  adamw: 2,
  adagrad: 1,
  adadelta: 2,
}

export interface MemoryEstimate {
  weights: number
  gradients: number
  optimizer: number
  /** Activations of one training step (forward outputs × TRAINING_ACTIVATION_FACTOR). */
  activations: number
  total: number
  /** Training activation bytes per sample, to suggest a batch size that fits. */
  perSample: number
}

export function estimateTrainingMemory(
  analysis: Pick<Analysis, 'order' | 'totals'>,
  batchSize: number,
  optimizer: TrainingConfig['optimizer']['type'],
): MemoryEstimate {
  const { trainableParams, stateParams } = analysis.totals
  const weights = (trainableParams + stateParams) * FLOAT
  const gradients = trainableParams * FLOAT
  const opt = trainableParams * FLOAT * OPTIMIZER_SLOTS[optimizer]
  const outputs = analysis.order.reduce((a, n) => a + n.outputShape.reduce((x, y) => x * y, 1), 0)
  const perSample = outputs * FLOAT * TRAINING_ACTIVATION_FACTOR
  const activations = perSample * batchSize
  return {
    weights,
    gradients,
    optimizer: opt,
    activations,
    total: weights + gradients + opt + activations,
    perSample,
  }
}

/** wasm32 addresses at most 4 GiB, whatever the machine has. */
const WASM_LIMIT = 4 * 2 ** 30

/**
 * What a run may use: an explicit budget (DEEPWIRE_MEMORY_BUDGET_MB) wins; otherwise 70% of the
 * machine's memory, and no more than wasm can address on the wasm backend.
 */
export function memoryBudget(backend: string, totalMemory: number, explicitMb?: string): number {
  const mb = Number(explicitMb)
  if (explicitMb && Number.isFinite(mb) && mb > 0) return mb * 2 ** 20
  const ram = totalMemory * 0.7
  return backend === 'wasm' ? Math.min(ram, WASM_LIMIT) : ram
}

export const gib = (b: number) =>
  b >= 2 ** 30 ? `${(b / 2 ** 30).toFixed(2)} GiB` : `${(b / 2 ** 20).toFixed(1)} MiB`

/** The largest batch whose training step fits `budget` (0 when the weights alone do not). */
export function largestBatch(e: MemoryEstimate, budget: number): number {
  const fixed = e.weights + e.gradients + e.optimizer
  if (fixed >= budget) return 0
  return e.perSample > 0 ? Math.floor((budget - fixed) / e.perSample) : Number.MAX_SAFE_INTEGER
}

/** A sentence when the estimate exceeds the budget, with what to change; null when it fits. */
export function memoryRefusal(e: MemoryEstimate, budget: number, batchSize: number): string | null {
  if (e.total <= budget) return null
  const fits = largestBatch(e, budget)
  const advice =
    fits >= 1
      ? `lower the batch size to ${fits} or less, or make the model smaller`
      : 'the weights alone do not fit: make the model smaller'
  return (
    `training this model needs about ${gib(e.total)} (weights ${gib(e.weights)}, gradients ${gib(e.gradients)}, ` +
    `optimizer state ${gib(e.optimizer)}, activations of a batch of ${batchSize} ${gib(e.activations)}) ` +
    `but the memory budget is ${gib(budget)}: ${advice}`
  )
}
