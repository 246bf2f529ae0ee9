/**
 * Optimizers with what tfjs leaves out: a learning rate that can change between epochs,
 * PyTorch-style weight decay (L2 added to the gradient; decoupled for AdamW), per-node L2,
 * and clipping by global gradient norm (RNNs need it).
 */
import type * as tfTypes from '@tensorflow/tfjs'
import type { TrainingConfig } from '../graph/schema'
import type { Tf } from '../layers/types'
import { adadelta } from './adadelta'

type Opt = tfTypes.Optimizer & { learningRate: number; setLearningRate?: (lr: number) => void }

export interface Stepper {
  optimizer: tfTypes.Optimizer
  setLearningRate(lr: number): void
  /** One step on `loss`; returns the loss tensor, which the caller disposes. */
  step(loss: () => tfTypes.Scalar, vars: tfTypes.Variable[], decay: Map<string, number>): tfTypes.Scalar
  /** The gradients of `loss`, nothing applied; the caller owns the tensors returned. */
  computeGradients(
    loss: () => tfTypes.Scalar,
    vars: tfTypes.Variable[],
  ): { value: tfTypes.Scalar; grads: tfTypes.NamedTensorMap }
  /**
   * Weight decay, clipping and the update from gradients (data-parallel training averages them
   * across replicas first, so decay and clipping see the full batch's gradient). Disposes `grads`.
   */
  applyGradients(grads: tfTypes.NamedTensorMap, vars: tfTypes.Variable[], decay: Map<string, number>): void
}

/**
 * `rates`: variable name → learning-rate multiplier (nodes' lrMultiplier). The multiplier scales
 * each variable's whole update after the optimizer made it; scaling the gradient instead would
 * work for SGD only, since Adam, RMSprop, Adagrad and Adadelta divide a gradient's scale away.
 * Every optimizer here moves a weight by the learning rate times a term of its own state, so
 * old + m·(new − old) is the update that rate·m would have made.
 */
export function makeStepper(tf: Tf, cfg: TrainingConfig, rates = new Map<string, number>()): Stepper {
  const o = cfg.optimizer
  const optimizer = (() => {
    switch (o.type) {
      case 'sgd':
        return tf.train.sgd(o.lr)
      case 'momentum':
        return tf.train.momentum(o.lr, o.momentum)
      case 'rmsprop':
        // PyTorch's defaults: alpha (decay) 0.99, eps 1e-8
        return tf.train.rmsprop(o.lr, 0.99, 0, 1e-8)
      case 'adam':
      case 'adamw':
        return tf.train.adam(o.lr, o.beta1, o.beta2, 1e-8)
      case 'adagrad':
        // the course's and PyTorch's accumulator starts at 0 (tfjs' default is 0.1)
        return tf.train.adagrad(o.lr, 0)
      case 'adadelta':
        // PyTorch's eps; the course's lr for Adadelta is 1 (the update carries its own scale)
        return adadelta(tf, o.lr, o.rho, 1e-6)
    }
  })() as unknown as Opt
  let lr = o.lr
  const decoupled = o.type === 'adamw' ? o.weightDecay : 0
  const coupled = o.type === 'adamw' ? 0 : o.weightDecay

  return {
    optimizer,
    setLearningRate(v) {
      lr = v
      // SGD keeps a cached scalar of the rate; the others read the field on every step
      if (optimizer.setLearningRate) optimizer.setLearningRate(v)
      else optimizer.learningRate = v
    },
    step(lossFn, vars, decay) {
      const { value, grads } = this.computeGradients(lossFn, vars)
      this.applyGradients(grads, vars, decay)
      return value
    },
    computeGradients: (lossFn, vars) => optimizer.computeGradients(lossFn, vars),
    applyGradients(grads, vars, decay) {
      const clipped = tf.tidy(() => {
        const out: Record<string, tfTypes.Tensor> = {}
        for (const v of vars) {
          let g = grads[v.name]
          if (!g) continue
          const wd = coupled + (decay.get(v.name) ?? 0)
          if (wd > 0) g = tf.add(g, tf.mul(v, wd))
          out[v.name] = g
        }
        if (cfg.clipNorm) {
          const norm = tf.sqrt(tf.addN(Object.values(out).map((g) => tf.sum(tf.square(g)))))
          const scale = tf.minimum(1, tf.div(cfg.clipNorm, tf.add(norm, 1e-6)))
          for (const k of Object.keys(out)) out[k] = tf.mul(out[k], scale)
        }
        return out
      })
      const scaled = vars.filter((v) => (rates.get(v.name) ?? 1) !== 1)
      const before = scaled.map((v) => tf.clone(v))
      optimizer.applyGradients(clipped)
      // clipped may hold the very gradient tensors (nothing to scale), so dispose both sets once
      tf.dispose([...new Set([...Object.values(grads), ...Object.values(clipped)])])
      if (decoupled > 0)
        tf.tidy(() => {
          for (const v of vars) v.assign(tf.mul(v, 1 - lr * decoupled))
        })
      if (scaled.length)
        tf.tidy(() =>
          scaled.forEach((v, i) =>
            v.assign(tf.add(before[i], tf.mul(tf.sub(v, before[i]), rates.get(v.name)!))),
          ),
        )
      tf.dispose(before)
    },
  }
}
