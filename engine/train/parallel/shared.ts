/**
 * The memory data-parallel replicas share: one SharedArrayBuffer holding a control block
 * (barrier, command), per-replica loss/metric sums, one Float32 gradient slot per replica and
 * the averaged result. Nothing is copied through postMessage per step; threads meet at barriers
 * built on Atomics.wait / Atomics.waitAsync.
 */

/** Control words (Int32). */
const GEN = 0 // barrier generation, bumped when the last party arrives
const COUNT = 1 // parties arrived in the current generation
const OP = 2 // command the leader issued: see Op
const EPOCH = 3
const BATCH = 4
const ABORT = 5 // set by the leader when the run ends or fails: replicas leave at once
const HASH = 8 // per-replica weight fingerprints (2 words each) start here
const CTRL_WORDS = 64

export const MAX_WORKERS = (CTRL_WORDS - HASH) / 2

export enum Op {
  Step = 1,
  /** Fingerprint the weights: the leader checks the replicas still agree bitwise. */
  Fingerprint = 2,
  Stop = 3,
}

export interface Layout {
  workers: number
  /** Float32 values each replica exchanges per step: gradients, then BatchNorm moving statistics. */
  values: number
  /** Loss and metric sums per replica (Float64): [samples, loss × samples, metric × samples…]. */
  stats: number
}

export class SharedState {
  readonly ctrl: Int32Array
  readonly lr: Float64Array
  readonly stats: Float64Array[]
  readonly slots: Float32Array[]
  readonly result: Float32Array

  constructor(
    readonly layout: Layout,
    readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(byteLength(layout)),
  ) {
    const { workers: k, values, stats } = layout
    let at = 0
    this.ctrl = new Int32Array(buffer, at, CTRL_WORDS)
    at += CTRL_WORDS * 4
    this.lr = new Float64Array(buffer, at, 1)
    at += 8
    this.stats = []
    for (let r = 0; r < k; r++, at += stats * 8) this.stats.push(new Float64Array(buffer, at, stats))
    this.slots = []
    for (let r = 0; r < k; r++, at += values * 4) this.slots.push(new Float32Array(buffer, at, values))
    this.result = new Float32Array(buffer, at, values)
  }

  command(op: Op, epoch = 0, batch = 0, lr = 0) {
    Atomics.store(this.ctrl, OP, op)
    Atomics.store(this.ctrl, EPOCH, epoch)
    Atomics.store(this.ctrl, BATCH, batch)
    this.lr[0] = lr
  }

  get op(): Op {
    return Atomics.load(this.ctrl, OP)
  }
  get epoch(): number {
    return Atomics.load(this.ctrl, EPOCH)
  }
  get batch(): number {
    return Atomics.load(this.ctrl, BATCH)
  }
  get aborted(): boolean {
    return Atomics.load(this.ctrl, ABORT) === 1
  }

  /** Ends the run for every replica, including one blocked at a barrier. */
  abort() {
    Atomics.store(this.ctrl, ABORT, 1)
    this.wake()
  }

  /** Wakes the threads waiting at the barrier so they look at the abort flag or a failure. */
  wake() {
    Atomics.notify(this.ctrl, GEN)
  }

  setFingerprint(rank: number, h: [number, number]) {
    Atomics.store(this.ctrl, HASH + 2 * rank, h[0])
    Atomics.store(this.ctrl, HASH + 2 * rank + 1, h[1])
  }
  fingerprint(rank: number): [number, number] {
    return [Atomics.load(this.ctrl, HASH + 2 * rank), Atomics.load(this.ctrl, HASH + 2 * rank + 1)]
  }

  /** Returns the generation to wait for, or -1 when this arrival completed the barrier. */
  private arrive(): number {
    const gen = Atomics.load(this.ctrl, GEN)
    if (Atomics.add(this.ctrl, COUNT, 1) === this.layout.workers - 1) {
      Atomics.store(this.ctrl, COUNT, 0)
      Atomics.add(this.ctrl, GEN, 1)
      Atomics.notify(this.ctrl, GEN)
      return -1
    }
    return gen
  }

  /**
   * A replica's barrier: blocks the thread. No time limit (the leader may be paused, validating
   * or writing a checkpoint); returns false when the leader aborted the run.
   */
  barrierSync(): boolean {
    const gen = this.arrive()
    while (gen >= 0 && Atomics.load(this.ctrl, GEN) === gen) {
      if (this.aborted) return false
      Atomics.wait(this.ctrl, GEN, gen, 1000)
    }
    return !this.aborted
  }

  /**
   * The leader's barrier: waits without blocking its event loop, so a replica's failure message
   * or exit is seen while waiting (`failure` is polled after every wake-up). Throws that failure,
   * or a timeout error after `timeoutMs`.
   */
  async barrier(timeoutMs: number, failure: () => Error | null): Promise<void> {
    const gen = this.arrive()
    const deadline = performance.now() + timeoutMs
    while (gen >= 0 && Atomics.load(this.ctrl, GEN) === gen) {
      const f = failure()
      if (f) throw f
      const left = deadline - performance.now()
      if (left <= 0)
        throw new Error(
          `a data-parallel worker did not reach the gradient exchange within ${Math.round(timeoutMs / 1000)} s: the run was stopped (set training.workers to 1 to train on one thread)`,
        )
      const w = waitAsync(this.ctrl, GEN, gen, Math.min(left, 1000))
      if (w.async) await w.value
    }
    const f = failure()
    if (f) throw f
  }
}

// ES2024 (Node ≥ 16); the project's TypeScript lib stops at ES2023
const waitAsync = (
  Atomics as unknown as {
    waitAsync(
      a: Int32Array,
      i: number,
      v: number,
      t: number,
    ): { async: boolean; value: Promise<string> | string }
  }
).waitAsync.bind(Atomics)

function byteLength({ workers: k, values, stats }: Layout): number {
  return CTRL_WORDS * 4 + 8 + k * stats * 8 + (k + 1) * values * 4 + 8
}

/** Contiguous parts of a batch of n for k workers, sizes differing by at most one. */
export function partBounds(n: number, k: number, rank: number): [number, number] {
  return [Math.floor((rank * n) / k), Math.floor(((rank + 1) * n) / k)]
}

/** A 64-bit fingerprint (two FNV-1a lanes) of the exact bits of a set of Float32 arrays. */
export function fingerprint(arrays: Float32Array[]): [number, number] {
  let a = 0x811c9dc5
  let b = 0x01000193
  for (const f of arrays) {
    const u = new Uint32Array(f.buffer, f.byteOffset, f.length)
    for (let i = 0; i < u.length; i++) {
      a = Math.imul(a ^ u[i], 0x01000193)
      b = Math.imul(b ^ (u[i] >>> 7), 0x811c9dc5) ^ i
    }
  }
  return [a | 0, b | 0]
}
