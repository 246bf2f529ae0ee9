/**
 * A fixed number of places for one kind of costly work (an export, an upload): a request that
 * finds them all taken is refused at once with a sentence, never queued without bound. Refusing
 * is honest: the page says what is busy, and the user retries when it is done.
 */
export interface Slots {
  /** Runs `work` in a free place, or throws `busy()` when every place is taken. */
  run<T>(work: () => Promise<T>): Promise<T>
  readonly used: number
}

export function createSlots(limit: number, busy: () => Error): Slots {
  let used = 0
  return {
    async run(work) {
      if (used >= limit) throw busy()
      used++
      try {
        return await work()
      } finally {
        used--
      }
    },
    get used() {
      return used
    },
  }
}
