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
