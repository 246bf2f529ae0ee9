/**
 * Holds the next batch's tensors, built while the GPU still runs the current step: a step's kernels
 * are queued when the step is called and only its loss is awaited, so gathering, augmenting and
 * uploading batch b + 1 in that wait keeps the device fed instead of idle between steps. On the CPU
 * backends the step has already run by then, and the order of work is simply unchanged.
 */
export class BatchPrefetch<T> {
  private held: { batch: number; tensors: T } | null = null

  constructor(
    private readonly make: (batch: number) => T,
    private readonly release: (tensors: T) => void,
  ) {}

  /** Batch `batch`'s tensors: the prepared ones when they are that batch's, else built now. */
  take(batch: number): T {
    const held = this.held
    this.held = null
    if (held?.batch === batch) return held.tensors
    if (held) this.release(held.tensors)
    return this.make(batch)
  }

  /** Builds batch `batch` ahead, releasing whatever was held. */
  prepare(batch: number): void {
    this.clear()
    this.held = { batch, tensors: this.make(batch) }
  }

  /** Releases what is held (a stopped epoch, an error). */
  clear(): void {
    if (this.held) this.release(this.held.tensors)
    this.held = null
  }
}
