/**
 * One data-parallel training step as every replica (the leader is replica 0) runs it: gradients
 * of this replica's contiguous part of the batch, written to its shared slot; then, after a
 * barrier, each replica averages one chunk of all slots (weighted by part size, so the result is
 * the full batch's mean-loss gradient); after a second barrier every replica applies the same
 * averaged gradient with its own optimizer. Same ops on the same backend from the same weights
 * give bitwise identical weights everywhere.
 *
 * What is not equivalent to one worker, as with PyTorch DDP without SyncBatchNorm: BatchNorm in
 * training mode normalises each part with that part's own mean and variance, so a batch of 256
 * on 2 workers behaves like BatchNorm over 128 samples. The moving statistics are averaged
 * across replicas after each step so checkpoints, validation and export read the same values on
 * every replica. Models where splitting changes the loss itself (several inputs, masked
 * per-token losses, Dice) never get here: see plan.ts.
 */
import type * as tfTypes from '@tensorflow/tfjs'
import type { Tf } from '../../layers/types'
import { describeNonFinite, firstNonFiniteNode, NonFiniteTraining } from '../nonfinite'
import { makeGradientStep } from '../step'
import type { TrainSession } from './session'
import { fingerprint, partBounds, type Layout, type SharedState } from './shared'

/** Layers whose non-trainable weights change while training and must stay equal across replicas. */
const isMovingStatistic = (name: string) => /moving_(mean|variance)$/.test(name)

interface Entry {
  offset: number
  size: number
  shape: number[]
}

function entries(shapes: number[][], start: number): Entry[] {
  let offset = start
  return shapes.map((shape) => {
    const size = shape.reduce((a, b) => a * b, 1)
    const e = { offset, size, shape }
    offset += size
    return e
  })
}

export function exchangeLayout(s: TrainSession, workers: number): Layout {
  const count = (ws: tfTypes.LayerVariable[]) =>
    ws.reduce((a, w) => a + w.shape.reduce((p: number, d) => p * Number(d), 1), 0)
  const moving = s.model.nonTrainableWeights.filter((w) => isMovingStatistic(w.originalName))
  return {
    workers,
    values: count(s.model.trainableWeights) + count(moving),
    stats: 2 + s.metricNames.length,
  }
}

export class GradientExchange {
  private readonly grads: Entry[]
  private readonly moving: tfTypes.LayerVariable[]
  private readonly movingAt: Entry[]
  private readonly gradientStep
  /** Which variables get a gradient at all (an unused branch gets none); known after one step. */
  private hasGrad: boolean[] | null = null
  private order: { epoch: number; idx: Int32Array } | null = null

  constructor(
    private readonly tf: Tf,
    private readonly s: TrainSession,
    private readonly shared: SharedState,
    private readonly rank: number,
  ) {
    const { vars } = s.parts
    this.grads = entries(
      vars.map((v) => v.shape.map(Number)),
      0,
    )
    this.moving = s.model.nonTrainableWeights.filter((w) => isMovingStatistic(w.originalName))
    const end = this.grads.at(-1) ? this.grads.at(-1)!.offset + this.grads.at(-1)!.size : 0
    this.movingAt = entries(
      this.moving.map((w) => w.shape.map(Number)),
      end,
    )
    const want = exchangeLayout(s, shared.layout.workers)
    if (want.values !== shared.layout.values || want.stats !== shared.layout.stats)
      throw new Error(
        `data-parallel worker ${rank + 1} built a different model (${want.values} exchanged values, the leader ${shared.layout.values})`,
      )
    this.gradientStep = makeGradientStep(tf, s.parts)
  }

  private epochOrder(epoch: number): Int32Array {
    if (this.order?.epoch !== epoch) this.order = { epoch, idx: this.s.epochOrder(epoch) }
    return this.order.idx
  }

  /**
   * Gradients, loss and metric sums of this replica's part of batch `b`, written to its slot.
   * Throws NonFiniteTraining (naming the node where NaN/Inf appears first) before anything is
   * written, so the weights stay the last good ones everywhere.
   */
  async computePart(epoch: number, b: number): Promise<void> {
    const { tf, s, rank } = this
    const k = this.shared.layout.workers
    const start = b * s.bs
    const n = Math.min(s.train.length, start + s.bs) - start
    const [ps, pe] = partBounds(n, k, rank)
    const stats = this.shared.stats[rank]
    stats.fill(0)
    if (pe === ps) return
    // each part draws its own augmentation; part 0 matches what one worker would draw
    const step = { epoch, batch: rank ? b + rank / k : b }
    const { x, y, more, n: m } = s.toTensors(this.epochOrder(epoch), start + ps, start + pe, step)
    try {
      const r = this.gradientStep(x, y, more)
      const loss = (await r.loss.data())[0]
      if (!Number.isFinite(loss)) {
        tf.dispose([r.loss, r.metrics, ...Object.values(r.grads)])
        const nodeId = await firstNonFiniteNode(tf, s.model, more ? [x, ...more] : x, s.layerNames)
        throw new NonFiniteTraining(describeNonFinite(loss, epoch + 1, b + 1, nodeId), nodeId)
      }
      const slot = this.shared.slots[rank]
      const { vars } = s.parts
      this.hasGrad = vars.map((v) => r.grads[v.name] !== undefined)
      for (const [i, v] of vars.entries()) {
        const g = r.grads[v.name]
        const at = this.grads[i]
        if (g) slot.set((await g.data()) as Float32Array, at.offset)
        else slot.fill(0, at.offset, at.offset + at.size)
      }
      for (const [i, w] of this.moving.entries())
        slot.set((await w.read().data()) as Float32Array, this.movingAt[i].offset)
      const metrics = await r.metrics.data()
      stats[0] = m
      stats[1] = loss * m
      for (let i = 0; i < metrics.length; i++) stats[2 + i] = metrics[i] * m
      tf.dispose([r.loss, r.metrics, ...Object.values(r.grads)])
    } finally {
      tf.dispose([x, y, ...(more ?? [])])
    }
  }

  /** Averages this replica's chunk of the slots into the shared result, weighted by part size. */
  reduceChunk(): void {
    const { slots, stats, result, layout } = this.shared
    const total = stats.reduce((a, st) => a + st[0], 0)
    const parts = slots.map((slot, r) => ({ slot, w: stats[r][0] / total })).filter((p) => p.w > 0) // an empty part's slot holds stale values
    const [from, to] = partBounds(layout.values, layout.workers, this.rank)
    if (parts.length === 1) {
      result.set(parts[0].slot.subarray(from, to), from)
      return
    }
    if (parts.length === 2) {
      // the common case (2 cores), without the inner loop: this runs over every parameter each step
      const [a, b] = parts
      for (let j = from; j < to; j++) result[j] = a.w * a.slot[j] + b.w * b.slot[j]
      return
    }
    for (let j = from; j < to; j++) {
      let acc = 0
      for (const p of parts) acc += p.w * p.slot[j]
      result[j] = acc
    }
  }

  /** Applies the averaged gradient and takes the averaged moving statistics. */
  apply(): void {
    const { tf, s } = this
    const { vars, stepper, decay } = s.parts
    const { result } = this.shared
    const grads: tfTypes.NamedTensorMap = {}
    // copies (slice), not views: the cpu backend keeps the array it is given, and the shared
    // result is overwritten by the next step
    vars.forEach((v, i) => {
      if (this.hasGrad && !this.hasGrad[i]) return
      const at = this.grads[i]
      grads[v.name] = tf.tensor(result.slice(at.offset, at.offset + at.size), at.shape)
    })
    stepper.applyGradients(grads, vars, decay)
    this.moving.forEach((w, i) => {
      const at = this.movingAt[i]
      const t = tf.tensor(result.slice(at.offset, at.offset + at.size), at.shape)
      w.write(t)
      t.dispose()
    })
  }

  /** The batch's loss and metrics: the size-weighted mean of the parts. */
  totals(): { n: number; loss: number; metrics: number[] } {
    const { stats } = this.shared
    const n = stats.reduce((a, st) => a + st[0], 0)
    const sum = (i: number) => stats.reduce((a, st) => a + st[i], 0) / n
    return { n, loss: sum(1), metrics: this.s.metricNames.map((_, i) => sum(2 + i)) }
  }

  /** Records the exact bits of every weight, for the leader's agreement check. */
  recordFingerprint(): void {
    const arrays = this.s.model.weights.map((w) => w.read().dataSync() as Float32Array)
    this.shared.setFingerprint(this.rank, fingerprint(arrays))
  }
}
