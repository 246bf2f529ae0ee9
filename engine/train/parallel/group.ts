/**
 * The leader's side of data-parallel training: starts the replicas through a factory the host
 * supplies, drives every step through shared memory, checks that the replicas still hold the
 * leader's exact weights, and ends them on every way out of a run.
 */
import type { GraphDoc, TrainingConfig } from '../../graph/schema'
import type { Tf } from '../../layers/types'
import type { Checkpoint } from '../checkpoint'
import { GradientExchange, exchangeLayout } from './exchange'
import type { TrainSession } from './session'
import { Op, SharedState, type Layout } from './shared'

/** What a replica needs to rebuild the leader's run: sent once, when it starts. */
export interface ReplicaInit {
  doc: GraphDoc
  cfg: TrainingConfig
  backend: string
  resume?: Checkpoint
  /** Weights the leader started from (fine-tuning), loaded the same way so replicas match. */
  initFrom?: { checkpoint: Checkpoint; label: string }
  rank: number
  layout: Layout
  buffer: SharedArrayBuffer
}

/** The part of ReplicaInit every replica shares. */
type ReplicaBase = Omit<ReplicaInit, 'rank' | 'layout' | 'buffer'>

export interface ReplicaEvents {
  failed(message: string, nodeId?: string): void
  exited(code: number): void
}

export interface ReplicaFactory {
  /** Cores available to training, for workers: 'auto'. */
  cores: number
  spawn(init: ReplicaInit, events: ReplicaEvents): { terminate(): Promise<void> }
}

/** A replica's own failure, prefixed with which worker it was. */
export class ReplicaFailure extends Error {
  constructor(
    message: string,
    readonly nodeId?: string,
  ) {
    super(message)
  }
}

/** Replicas load the dataset and compile the model before the first step can start. */
const START_TIMEOUT_MS = 10 * 60_000
/** Longest a step may take beyond the leader's own share of it before a replica counts as hung. */
const STEP_TIMEOUT_MS = 120_000

export class ReplicaGroup {
  private failure: Error | null = null
  private closed = false
  private started = false
  private readonly exits: Promise<void>[] = []
  private readonly handles: { terminate(): Promise<void> }[] = []
  private readonly exchange: GradientExchange
  private readonly shared: SharedState
  private stepMs = 0

  constructor(
    tf: Tf,
    session: TrainSession,
    factory: ReplicaFactory,
    base: ReplicaBase,
    readonly workers: number,
  ) {
    this.shared = new SharedState(exchangeLayout(session, workers))
    this.exchange = new GradientExchange(tf, session, this.shared, 0)
    try {
      for (let rank = 1; rank < workers; rank++) this.handles.push(this.spawn(factory, base, rank))
    } catch (e) {
      // a replica that could not even start: end the ones already running before giving up
      void this.close()
      throw e
    }
  }

  private spawn(factory: ReplicaFactory, base: ReplicaBase, rank: number) {
    const who = `worker ${rank + 1} of ${this.workers}`
    let exited!: () => void
    this.exits.push(new Promise<void>((r) => (exited = r)))
    try {
      return factory.spawn(
        { ...base, rank, layout: this.shared.layout, buffer: this.shared.buffer },
        {
          failed: (message, nodeId) => this.fail(new ReplicaFailure(`${who}: ${message}`, nodeId)),
          exited: (code) => {
            if (!this.closed) this.fail(new Error(`${who} stopped unexpectedly (exit code ${code})`))
            exited()
          },
        },
      )
    } catch (e) {
      exited()
      throw e
    }
  }

  private fail(e: Error) {
    this.failure ??= e
    this.shared.wake()
  }

  private timeout() {
    return this.started ? STEP_TIMEOUT_MS + 20 * this.stepMs : START_TIMEOUT_MS
  }

  private async barrier() {
    await this.shared.barrier(this.timeout(), () => this.failure)
  }

  /** One step on batch `b` of `epoch`; returns the whole batch's sample count, loss and metrics. */
  async step(epoch: number, b: number, lr: number) {
    this.shared.command(Op.Step, epoch, b, lr)
    await this.barrier()
    this.started = true
    const t0 = performance.now()
    await this.exchange.computePart(epoch, b)
    this.stepMs = performance.now() - t0
    await this.barrier()
    this.exchange.reduceChunk()
    await this.barrier()
    this.exchange.apply()
    return this.exchange.totals()
  }

  /** Throws when a replica's weights differ in any bit from the leader's. */
  async verify(): Promise<void> {
    this.shared.command(Op.Fingerprint)
    await this.barrier()
    this.exchange.recordFingerprint()
    await this.barrier()
    const [a, b] = this.shared.fingerprint(0)
    for (let r = 1; r < this.workers; r++) {
      const [c, d] = this.shared.fingerprint(r)
      if (a !== c || b !== d)
        throw new Error(
          `data-parallel worker ${r + 1} of ${this.workers} no longer holds the leader's weights: set training.workers to 1 and report this`,
        )
    }
  }

  /** Ends every replica and resolves once all of them have exited. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    this.shared.command(Op.Stop)
    this.shared.abort()
    await Promise.all(this.handles.map((h) => h.terminate()))
    await Promise.all(this.exits)
  }
}
