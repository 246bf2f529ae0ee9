import type { TrainEvent } from '../protocol'

/**
 * Keeps a UI smooth under fast training: batch events are forwarded at most every
 * `intervalMs` (the latest one wins), everything else at once, and a held batch event is
 * flushed before any other event so charts never miss an epoch's last point.
 */
export function throttleBatches(forward: (e: TrainEvent) => void, intervalMs = 100) {
  let last = 0
  let held: TrainEvent | null = null
  let timer: ReturnType<typeof setTimeout> | null = null
  const flush = () => {
    if (timer) clearTimeout(timer)
    timer = null
    if (held) {
      const e = held
      held = null
      last = Date.now()
      forward(e)
    }
  }
  return (e: TrainEvent) => {
    if (e.type !== 'batch-end') {
      flush()
      forward(e)
      return
    }
    held = e
    const wait = intervalMs - (Date.now() - last)
    if (wait <= 0) flush()
    else timer ??= setTimeout(flush, wait)
  }
}
