import type { Batch } from './batches'
import { rng, subSeed } from './random'
import type { Dataset } from './types'

/**
 * The course's sequential partitioning: the training windows, in text order, are cut into `bs`
 * streams of equal length; batch b holds window b of every stream, so row i of batch b + 1 is the
 * text that follows row i of batch b, and a recurrent state carried across batches stays in step
 * with its text. Windows that would make the streams uneven are left out.
 */
export function sequentialOrder(windows: Int32Array, bs: number): Int32Array {
  const streamLen = Math.floor(windows.length / bs)
  const out = new Int32Array(streamLen * bs)
  for (let b = 0; b < streamLen; b++)
    for (let i = 0; i < bs; i++) out[b * bs + i] = windows[i * streamLen + b]
  return out
}

/** The seeded offset in [0, steps) at which epoch `epoch` cuts the text into windows. */
export function epochOffset(seed: number, epoch: number, steps: number): number {
  return rng(subSeed(seed, `text-offset-${epoch}`)).int(steps)
}

/**
 * The course's random partitioning starts cutting the text at a random offset in [0, T) each
 * epoch, so a token is not always at the same position of its window and the model learns from
 * all T alignments. Each training window moves right by the epoch's offset; a window that would
 * then read the text of a validation window (or run past the end) keeps its place, so validation
 * stays unseen. Returns the batch builder for training steps.
 */
export function shiftedWindows(ds: Dataset, validation: ArrayLike<number>, seed: number) {
  const text = ds.text
  if (!text) throw new Error(`${ds.name}: shifted windows need the text's token stream`)
  const steps = ds.inputShape[0]
  const { ids, starts } = text
  // held[i]: how many tokens before i a validation window reads, for an O(1) overlap test
  const mark = new Uint8Array(ids.length)
  for (let k = 0; k < validation.length; k++)
    mark.fill(1, starts[validation[k]], starts[validation[k]] + steps)
  const held = new Int32Array(ids.length + 1)
  for (let i = 0; i < ids.length; i++) held[i + 1] = held[i] + mark[i]
  const startOf = (sample: number, offset: number) => {
    const s = starts[sample] + offset
    const clear = s + steps < ids.length && held[s + steps] === held[s]
    return clear ? s : starts[sample]
  }
  return (indices: ArrayLike<number>, start: number, end: number, epoch: number): Batch => {
    const offset = epochOffset(seed, epoch, steps)
    const n = Math.max(0, Math.min(end, indices.length) - start)
    const x = new Int32Array(n * steps)
    const y = new Int32Array(n * steps)
    for (let b = 0; b < n; b++) {
      const s = startOf(indices[start + b], offset)
      x.set(ids.subarray(s, s + steps), b * steps)
      y.set(ids.subarray(s + 1, s + steps + 1), b * steps)
    }
    return { x, y }
  }
}
