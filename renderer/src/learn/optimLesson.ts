/**
 * The optimiser lesson's data: the course's ill-conditioned bowl f(x) = 0.1·x₁² + 2·x₂², one
 * path per optimiser from the same start, and learning-rate schedules as the engine computes them.
 */
import { trainingSchema, type TrainingConfig } from '../../../engine/graph/schema'
import { learningRate } from '../../../engine/train/schedule'
import type { LossGrid, PathPoint } from './linreg'
import { engineHyper, optimize, type OptimizerHyper, type Vec } from './optimizers'

export const OPTIM_KINDS = ['sgd', 'momentum', 'rmsprop', 'adagrad', 'adadelta', 'adam'] as const
export type OptimKind = (typeof OPTIM_KINDS)[number]
export const OPTIM_START = [-5, -2]
export const OPTIM_COLORS: Record<OptimKind, string> = {
  sgd: '#ffffff',
  momentum: '#fde047',
  rmsprop: '#f472b6',
  adagrad: '#a7f3d0',
  adadelta: '#93c5fd',
  adam: '#fca5a5',
}
/**
 * Starting rates that show each method's character in 20 steps: SGD's zig-zag across the steep
 * x₂ while it crawls along x₁, Adagrad's ever shorter steps, Adadelta's rate-free slow start.
 */
export const DEFAULT_OPTIM_LR: Record<OptimKind, number> = {
  sgd: 0.4,
  momentum: 0.1,
  rmsprop: 0.2,
  adagrad: 0.4,
  adadelta: 1,
  adam: 0.3,
}

export const bowl = (x: Vec): number => 0.1 * x[0] ** 2 + 2 * x[1] ** 2
export const bowlGrad = (x: Vec): Vec => [0.2 * x[0], 4 * x[1]]
export const BOWL_WINDOW = { w: [-5.5, 1.5] as [number, number], b: [-3, 2] as [number, number] }

/** f on a size×size grid of cell centres over the window, as the surface chart draws it. */
export function bowlGrid(size: number): LossGrid {
  const axis = ([lo, hi]: [number, number]) =>
    Array.from({ length: size }, (_, i) => lo + ((hi - lo) * (i + 0.5)) / size)
  const ws = axis(BOWL_WINDOW.w)
  const bs = axis(BOWL_WINDOW.b)
  const cells: [number, number, number][] = []
  for (const w of ws) for (const b of bs) cells.push([w, b, bowl([w, b])])
  return { ws, bs, cells }
}

/** The optimiser's path over the bowl with the engine's constants, as surface-chart points. */
export function bowlPath(kind: OptimKind, lr: number, steps: number): PathPoint[] {
  const h: OptimizerHyper = engineHyper(kind, lr)
  return optimize(h, bowl, bowlGrad, OPTIM_START, steps).map((p) => ({ w: p.x[0], b: p.x[1], loss: p.f }))
}

export type ScheduleSettings = Partial<TrainingConfig['schedule']>

/**
 * The learning rate of every epoch (0-based, as the course counts) of a run with this schedule,
 * from the engine's own `learningRate`; or the setting the engine would refuse, in its words.
 */
export function scheduleCurve(
  schedule: ScheduleSettings,
  lr: number,
  epochs: number,
): { points: [number, number][] } | { error: string } {
  const cfg = trainingSchema.safeParse({ optimizer: { type: 'sgd', lr }, epochs, schedule })
  if (!cfg.success) {
    const i = cfg.error.issues[0]
    return { error: `${i.path.join('.')}: ${i.message}` }
  }
  return { points: Array.from({ length: epochs }, (_, e) => [e, learningRate(cfg.data, e)]) }
}

/** The course's examples: MultiStepLR(milestones [15, 30], γ 0.5) and CosineScheduler(20, warm-up 5, 0.3 → 0.01). */
export const COURSE_MULTISTEP = { lr: 0.5, epochs: 30, milestones: [15, 30], gamma: 0.5 }
export const COURSE_WARMUP_COSINE = { lr: 0.3, epochs: 30, warmupEpochs: 5, maxEpochs: 20, finalLr: 0.01 }
