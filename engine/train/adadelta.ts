/**
 * Adadelta as the course (and PyTorch's torch.optim.Adadelta) defines it:
 *   s ← ρ·s + (1 − ρ)·g²,  g′ ← √(Δx + ε) / √(s + ε) · g,  w ← w − lr·g′,  Δx ← ρ·Δx + (1 − ρ)·g′².
 * tfjs' own AdadeltaOptimizer divides by the *previous* s, so its first step is g·√ε/√ε = g, not
 * the course's √ε/√((1 − ρ)g² + ε)·g: a different algorithm, so not used.
 */
import type * as tfTypes from '@tensorflow/tfjs'
import type { Tf } from '../layers/types'

/** tfjs' (name, tensor) pair, which its public index does not export. */
type NamedTensor = { name: string; tensor: tfTypes.Tensor }

export function adadelta(tf: Tf, learningRate: number, rho: number, epsilon: number): tfTypes.Optimizer {
  class Adadelta extends tf.Optimizer {
    static get className() {
      return 'Adadelta'
    }
    learningRate = learningRate
    /** Per variable, in the order gradients arrive: the running means of g² and of g′². */
    private squares: { originalName: string; variable: tfTypes.Variable }[] = []
    private deltas: { originalName: string; variable: tfTypes.Variable }[] = []

    applyGradients(grads: tfTypes.NamedTensorMap | NamedTensor[]) {
      const list = Array.isArray(grads)
        ? grads
        : Object.entries(grads).map(([name, tensor]) => ({ name, tensor }))
      list.forEach(({ name, tensor: g }, i) => {
        const value = tf.engine().registeredVariables[name]
        if (!this.squares[i]) {
          const zeros = () => tf.tidy(() => tf.zerosLike(value).variable(false))
          this.squares[i] = { originalName: `${name}/accum_grad`, variable: zeros() }
          this.deltas[i] = { originalName: `${name}/accum_var`, variable: zeros() }
        }
        if (!g) return
        const s = this.squares[i].variable
        const dx = this.deltas[i].variable
        tf.tidy(() => {
          const nextS = tf.add(tf.mul(s, rho), tf.mul(tf.square(g), 1 - rho))
          const update = tf.mul(tf.div(tf.sqrt(tf.add(dx, epsilon)), tf.sqrt(tf.add(nextS, epsilon))), g)
          s.assign(nextS)
          dx.assign(tf.add(tf.mul(dx, rho), tf.mul(tf.square(update), 1 - rho)))
          value.assign(tf.sub(value, tf.mul(update, this.learningRate)))
        })
      })
      this.incrementIterations()
    }

    override dispose() {
      tf.dispose([...this.squares, ...this.deltas].map((v) => v.variable))
    }

    override async getWeights() {
      const state = [...this.squares, ...this.deltas].map((v) => ({
        name: v.originalName,
        tensor: v.variable,
      }))
      return [await this.saveIterations(), ...state]
    }

    override async setWeights(weightValues: NamedTensor[]) {
      const values = await this.extractIterations(weightValues)
      const half = values.length / 2
      const toVar = (v: NamedTensor) => ({ originalName: v.name, variable: v.tensor.variable(false) })
      this.squares = values.slice(0, half).map(toVar)
      this.deltas = values.slice(half).map(toVar)
    }

    getConfig() {
      return { learningRate: this.learningRate, rho, epsilon }
    }
  }
  return new Adadelta()
}
