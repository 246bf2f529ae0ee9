/**
 * The tfjs side of SimpleRNN, GRU and LSTM: one custom layer that runs PyTorch's equations with
 * PyTorch's weights (two bias vectors per gate set, gates in PyTorch's order), so the exporters
 * move every weight across with a transpose and nothing else. tfjs' own GRU/LSTM keep one bias
 * (or a different reset-gate placement) and could not be exported exactly.
 *
 * Weights per direction, the backward one suffixed `_reverse` like PyTorch's state_dict:
 *   kernel [F, G·H] (= weight_ih_l0ᵀ), recurrent_kernel [H, G·H] (= weight_hh_l0ᵀ),
 *   bias [G·H] (= bias_ih_l0), recurrent_bias [G·H] (= bias_hh_l0),
 * with G = 1 (RNN), 3 (GRU: r, z, n) or 4 (LSTM: i, f, g, o).
 */
import type * as tfTypes from '@tensorflow/tfjs'
import { firstShape, list, type Initializer, type ShapeLike } from './tf-layer'
import type { Tf } from './types'

export type Cell = 'rnn' | 'gru' | 'lstm'
export type Merge = 'none' | 'concat' | 'sum'

export const GATES: Record<Cell, number> = { rnn: 1, gru: 3, lstm: 4 }

/** Weight names of one direction; `reverse` is the backward direction of a bidirectional layer. */
export const recurrentWeightNames = (reverse: boolean) =>
  ['kernel', 'recurrent_kernel', 'bias', 'recurrent_bias'].map((n) => (reverse ? `${n}_reverse` : n))

export interface RecurrentArgs {
  name?: string
  trainable?: boolean
  cell: Cell
  units: number
  returnSequences: boolean
  bidirectional: Merge
  /** SimpleRNN's nonlinearity, as PyTorch's nn.RNN `nonlinearity`. */
  activation: 'tanh' | 'relu'
  /** Initialiser per weight (index = position among the layer's weights); not serialised. */
  init?: (index: number, weight: string) => Initializer
}

type Tensor = tfTypes.Tensor
type Tensor2D = tfTypes.Tensor2D

export function makeRecurrent(tf: Tf) {
  return class Recurrent extends tf.layers.Layer {
    static className = 'DeepwireRecurrent'
    readonly cell: Cell
    readonly units: number
    readonly returnSequences: boolean
    readonly bidirectional: Merge
    readonly activation: 'tanh' | 'relu'
    private readonly init?: RecurrentArgs['init']
    private readonly vars = new Map<string, tfTypes.LayerVariable>()
    /**
     * Sequential partitioning (the training loop sets it): a training call without an explicit
     * initial state starts from the state the previous training call ended in, detached from its
     * gradient, as the course's sequential minibatches do.
     */
    carry = false
    private carried: { h: Tensor2D; c: Tensor2D } | null = null
    // the state the current step started from: its backward pass still reads it
    private retired: { h: Tensor2D; c: Tensor2D } | null = null

    constructor(args: RecurrentArgs) {
      super(args)
      this.cell = args.cell
      this.units = args.units
      this.returnSequences = args.returnSequences
      this.bidirectional = args.bidirectional
      this.activation = args.activation
      this.init = args.init
    }

    private get directions(): number {
      return this.bidirectional === 'none' ? 1 : 2
    }

    override build(inputShape: ShapeLike | ShapeLike[]): void {
      const x = firstShape(inputShape)
      const features = x[2]!
      const gh = GATES[this.cell] * this.units
      // PyTorch's default: every weight and bias uniform in ±1/√H
      const bound = 1 / Math.sqrt(this.units)
      const shapes = [[features, gh], [this.units, gh], [gh], [gh]]
      let i = 0
      for (let d = 0; d < this.directions; d++)
        recurrentWeightNames(d === 1).forEach((name, k) => {
          const init =
            this.init?.(i, name) ?? tf.initializers.randomUniform({ minval: -bound, maxval: bound })
          this.vars.set(name, this.addWeight(name, shapes[k], 'float32', init))
          i++
        })
      this.built = true
    }

    override computeOutputShape(inputShape: ShapeLike | ShapeLike[]): ShapeLike {
      const x = firstShape(inputShape)
      const width = this.bidirectional === 'concat' ? 2 * this.units : this.units
      return this.returnSequences ? [x[0], x[1], width] : [x[0], width]
    }

    /** One direction over the whole sequence: the per-step outputs (in time order) and the final state. */
    private run(x: Tensor, h0: Tensor2D | null, c0: Tensor2D | null, reverse: boolean) {
      const [n, steps, features] = x.shape
      const h = this.units
      const g = GATES[this.cell] * h
      const [kernel, recurrent, bias, recurrentBias] = recurrentWeightNames(reverse).map(
        (name) => this.vars.get(name)!.read() as Tensor2D,
      )
      // the input projection of every step at once: one large matMul instead of T small ones
      // time-major before splitting into steps: tfjs-wasm's Unpack is slow on a strided axis
      const timeMajor = tf.reshape(tf.transpose(x, [1, 0, 2]), [steps * n, features])
      const projected = tf.add(tf.matMul(timeMajor, kernel), bias)
      const xs = tf.unstack(tf.reshape(projected, [steps, n, g])) as Tensor2D[]
      let state: Tensor2D = h0 ?? tf.zeros([n, h])
      let cell: Tensor2D = c0 ?? tf.zeros([n, h])
      const outs: Tensor2D[] = new Array<Tensor2D>(steps)
      for (let k = 0; k < steps; k++) {
        const t = reverse ? steps - 1 - k : k
        const hg = tf.add(tf.matMul(state, recurrent), recurrentBias)
        if (this.cell === 'rnn') {
          const pre = tf.add<Tensor2D>(xs[t], hg)
          state = this.activation === 'relu' ? tf.relu(pre) : tf.tanh(pre)
        } else if (this.cell === 'gru') {
          const [xr, xz, xn] = tf.split(xs[t], 3, 1)
          const [hr, hz, hn] = tf.split(hg, 3, 1)
          const r = tf.sigmoid(tf.add(xr, hr))
          const z = tf.sigmoid(tf.add(xz, hz))
          // PyTorch's placement: the reset gate scales the recurrent term after its bias
          const cand = tf.tanh(tf.add(xn, tf.mul(r, hn)))
          state = tf.add(cand, tf.mul(z, tf.sub(state, cand)))
        } else {
          const [i, f, gg, o] = tf.split(tf.add(xs[t], hg), 4, 1)
          cell = tf.add(tf.mul(tf.sigmoid(f), cell), tf.mul(tf.sigmoid(i), tf.tanh(gg)))
          state = tf.mul(tf.sigmoid(o), tf.tanh(cell))
        }
        outs[t] = state
      }
      return { outs, last: state, cell }
    }

    /** Forgets the carried state: the next training call starts from zeros again. */
    resetCarry(): void {
      for (const s of [this.carried, this.retired]) if (s) tf.dispose([s.h, s.c])
      this.carried = null
      this.retired = null
    }

    override call(inputs: Tensor | Tensor[], kwargs: Record<string, unknown> = {}): Tensor {
      return tf.tidy(() => {
        const [x, h0, c0] = list(inputs) as [Tensor, Tensor2D?, Tensor2D?]
        const carrying = this.carry && kwargs.training === true && !h0 && this.directions === 1
        const from = carrying && this.carried?.h.shape[0] === x.shape[0] ? this.carried : null
        const runs = Array.from({ length: this.directions }, (_, d) =>
          this.run(x, h0 ?? from?.h ?? null, c0 ?? from?.c ?? null, d === 1),
        )
        if (carrying) {
          const next = { h: tf.keep(runs[0].last.clone()), c: tf.keep(runs[0].cell.clone()) }
          if (this.retired) tf.dispose([this.retired.h, this.retired.c])
          this.retired = this.carried
          this.carried = next
        }
        const results = runs.map((r) =>
          this.returnSequences ? tf.transpose(tf.stack(r.outs), [1, 0, 2]) : r.last,
        )
        if (results.length === 1) return results[0]
        return this.bidirectional === 'sum' ? tf.add(results[0], results[1]) : tf.concat(results, -1)
      })
    }

    override getConfig() {
      return {
        ...super.getConfig(),
        cell: this.cell,
        units: this.units,
        returnSequences: this.returnSequences,
        bidirectional: this.bidirectional,
        activation: this.activation,
      }
    }
  }
}
