/**
 * One training step as the loop runs it: forward pass, loss, metrics, gradients, update. Kept
 * apart from the loop so the profiler (test/bench/profile.ts) times exactly this.
 */
import type * as tfTypes from '@tensorflow/tfjs'
import { clearInputGradientPlans, planInputGradients } from '../backend/input-grads'
import { takeGpuFault } from '../backend/webgpu'
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

/** The loss and the stacked metrics of one batch, still on the backend; the caller disposes both. */
export interface StepTensors {
  loss: tfTypes.Scalar
  metrics: tfTypes.Tensor
}

/** The loss, the stacked metrics and the gradients of one batch, nothing applied yet. */
export interface GradientResult extends StepTensors {
  grads: tfTypes.NamedTensorMap
}

/** The loss and metrics of one applied batch, read back to the host. */
export interface StepResult {
  loss: number
  metrics: Float32Array
}

/**
 * Forward pass, loss, metrics and gradients without the update and without reading anything
 * back (a synchronous read throws on webgpu in Node, and each read stalls a GPU): data-parallel
 * replicas average the gradients of their parts between this and Stepper.applyGradients.
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

/**
 * Loss and metrics of a batch in one download (one GPU→CPU sync per batch, the one the batch
 * event needs). Throws NonFiniteLoss when the loss is NaN or infinite. Disposes both tensors.
 */
export async function readStep(tf: Tf, t: StepTensors): Promise<StepResult> {
  const both = tf.tidy(() => tf.concat([t.loss.reshape([1]), t.metrics.reshape([-1])]))
  tf.dispose([t.loss, t.metrics])
  const values = (await both.data()) as Float32Array
  both.dispose()
  const fault = takeGpuFault()
  if (fault)
    throw new Error(`the GPU rejected a kernel of this step, so its results cannot be trusted: ${fault}`)
  if (!Number.isFinite(values[0])) throw new NonFiniteLoss(values[0])
  return { loss: values[0], metrics: values.subarray(1) }
}

/**
 * One step; throws NonFiniteLoss before any weight changes when the batch's loss is NaN or
 * infinite, so the weights stay the last good ones for the diagnosis.
 */
export function makeTrainStep(
  tf: Tf,
  p: TrainStepParts,
): (x: tfTypes.Tensor, y: tfTypes.Tensor, more?: tfTypes.Tensor[]) => Promise<StepResult> {
  const gradients = makeGradientStep(tf, p)
  return async (x, y, more) => {
    const { grads, ...values } = gradients(x, y, more)
    let read: StepResult
    try {
      read = await readStep(tf, values)
    } catch (e) {
      tf.dispose(Object.values(grads))
      throw e
    }
    p.stepper.applyGradients(grads, p.vars, p.decay)
    return read
  }
}
