import type { TrainingConfig } from '../graph/schema'

/** Learning rate for an epoch (0-based): linear warm-up, then step decay or cosine annealing. */
export function learningRate(cfg: TrainingConfig, epoch: number): number {
  const base = cfg.optimizer.lr
  const { type, stepEpochs, gamma, warmupEpochs } = cfg.schedule
  if (epoch < warmupEpochs) return (base * (epoch + 1)) / (warmupEpochs + 1)
  const e = epoch - warmupEpochs
  const span = Math.max(1, cfg.epochs - warmupEpochs)
  if (type === 'step') return base * gamma ** Math.floor(e / stepEpochs)
  if (type === 'cosine') return 0.5 * base * (1 + Math.cos((Math.PI * e) / span))
  return base
}
