/**
 * One training step as the loop runs it: forward pass, loss, metrics, gradients, update. Kept
 * apart from the loop so the profiler (test/bench/profile.ts) times exactly this.
 */
import type * as tfTypes from '@tensorflow/tfjs'
import { clearInputGradientPlans, planInputGradients } from '../backend/input-grads'
import type { Tf } from '../layers/types'
import type { LossFn } from './losses'
import type { MetricFn } from './metrics'
import { NonFiniteLoss } from './nonfinite'
import type { Stepper } from './optimizer'

export interface TrainStepParts {
  model: tfTypes.LayersModel
  loss: LossFn
  metrics: MetricFn[]
  stepper: Stepper
  vars: tfTypes.Variable[]
  decay: Map<string, number>
}

/** The loss and the stacked metrics of one batch; the caller disposes both. */
export interface StepResult {
  loss: tfTypes.Scalar
  metrics: tfTypes.Tensor
}

/** The loss, the stacked metrics and the gradients of one batch, nothing applied yet. */
export interface GradientResult extends StepResult {
  grads: tfTypes.NamedTensorMap
}

/**
 * Forward pass, loss, metrics and gradients without the update: data-parallel replicas average
 * the gradients of their parts between this and Stepper.applyGradients. Throws NonFiniteLoss
 * when the batch's loss is NaN or infinite.
 */
export function makeGradientStep(
  tf: Tf,
  p: TrainStepParts,
): (x: tfTypes.Tensor, y: tfTypes.Tensor, more?: tfTypes.Tensor[]) => GradientResult {
  return (x, y, more) => {
    let metrics!: tfTypes.Tensor
    try {
      const { value: loss, grads } = p.stepper.computeGradients(
        () =>
          tf.tidy(() => {
            // models with several Inputs (encoder–decoders, BERT's segments) take the rest in `more`
            const out = p.model.apply(more ? [x, ...more] : x, { training: true }) as tfTypes.Tensor
            const l = p.loss(y, out) as tfTypes.Scalar
            // checked before the step is applied, so the weights stay the last good ones
            const value = l.dataSync()[0]
            if (!Number.isFinite(value)) throw new NonFiniteLoss(value)
            metrics = tf.keep(p.metrics.length ? tf.stack(p.metrics.map((f) => f(y, out, l))) : tf.zeros([0]))
            planInputGradients(tf, p.vars)
            return l
          }),
        p.vars,
      )
      return { loss, metrics, grads }
    } finally {
      clearInputGradientPlans()
    }
  }
}

/** Throws NonFiniteLoss, before any weight changes, when the batch's loss is NaN or infinite. */
export function makeTrainStep(
  tf: Tf,
  p: TrainStepParts,
): (x: tfTypes.Tensor, y: tfTypes.Tensor, more?: tfTypes.Tensor[]) => StepResult {
  const gradients = makeGradientStep(tf, p)
  return (x, y, more) => {
    const { loss, metrics, grads } = gradients(x, y, more)
    p.stepper.applyGradients(grads, p.vars, p.decay)
    return { loss, metrics }
  }
}
