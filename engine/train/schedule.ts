import type { TrainingConfig } from '../graph/schema'

/**
 * Learning rate for an epoch (0-based). 'step', 'cosine' and 'multistep' may start with a linear
 * warm-up; 'warmup-cosine' is the course's CosineScheduler, which the course calls once per epoch:
 * a warm-up from 0 to the base rate over `warmupEpochs`, then a cosine from the base rate to
 * `finalLr` at `maxEpochs`, held there afterwards.
 */
export function learningRate(cfg: TrainingConfig, epoch: number): number {
  const base = cfg.optimizer.lr
  const { type, stepEpochs, gamma, warmupEpochs, milestones, finalLr } = cfg.schedule
  if (type === 'warmup-cosine') {
    const max = cfg.schedule.maxEpochs ?? cfg.epochs
    if (epoch < warmupEpochs) return (base * epoch) / warmupEpochs
    const t = Math.min(epoch, max) - warmupEpochs
    return finalLr + ((base - finalLr) * (1 + Math.cos((Math.PI * t) / Math.max(1, max - warmupEpochs)))) / 2
  }
  if (epoch < warmupEpochs) return (base * (epoch + 1)) / (warmupEpochs + 1)
  // PyTorch's MultiStepLR: one factor of gamma for every milestone already reached
  if (type === 'multistep') return base * gamma ** milestones.filter((m) => m <= epoch).length
  const e = epoch - warmupEpochs
  const span = Math.max(1, cfg.epochs - warmupEpochs)
  if (type === 'step') return base * gamma ** Math.floor(e / stepEpochs)
  if (type === 'cosine') return 0.5 * base * (1 + Math.cos((Math.PI * e) / span))
  return base
}
