/**
 * Seconds left, from the measured pace since the first batch (start-up, data loading and the
 * first batch's kernel compilation would otherwise inflate it); null until there is a pace.
 */
export function secondsLeft(
  s: {
    progress: { epoch: number; epochs: number; batch: number; batches: number }
    timing: { firstAt: number; batchesSince: number }
  },
  now = Date.now(),
): number | null {
  const { epoch, epochs, batch, batches } = s.progress
  const { firstAt, batchesSince } = s.timing
  if (!firstAt || batchesSince < 2 || !batches) return null
  const perBatch = (now - firstAt) / 1000 / batchesSince
  const left = (epochs - epoch) * batches + (batches - batch)
  return Math.round(left * perBatch)
}
