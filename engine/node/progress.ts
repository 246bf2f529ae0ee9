import { describeTransfer } from '../train/transfer'
import type { Metrics, TrainEvent } from '../protocol'

const fmtMetrics = (m: Metrics, prefix = '') =>
  Object.entries(m)
    .map(([k, v]) => `${prefix}${k} ${v.toFixed(4)}`)
    .join(' ')

/** A one-line progress bar on stderr, redrawn at most every 100 ms. */
export function progressPrinter(stream: NodeJS.WriteStream = process.stderr) {
  let last = 0
  return (e: TrainEvent) => {
    if (e.type === 'run-started') {
      const passed = (e.backendSkipped ?? []).map((why) => `  not used: ${why}\n`).join('')
      const d = e.dataset
      const from = {
        official: 'the official test set',
        holdout: 'held out of the training set',
        fold: 'one fold of the training set',
      }[d.split]
      stream.write(
        `backend: ${e.backendDetail}\n${passed}dataset: ${d.name} (${d.train} train / ${d.val} validation, ${from})\n`,
      )
      if (e.frozenParams)
        stream.write(
          `parameters: ${e.trainableParams.toLocaleString('en')} trainable, ${e.frozenParams.toLocaleString('en')} frozen\n`,
        )
      if (e.transfer) stream.write(describeTransfer(e.transfer).join('\n') + '\n')
    } else if (e.type === 'batch-end') {
      const now = Date.now()
      if (now - last < 100 && e.batch !== e.batches) return
      last = now
      const width = 24
      const done = Math.round((e.batch / e.batches) * width)
      const line = `epoch ${e.epoch} [${'#'.repeat(done)}${'.'.repeat(width - done)}] ${e.batch}/${e.batches} loss ${e.loss.toFixed(4)} ${fmtMetrics(e.metrics)} ${Math.round(e.samplesPerSec)}/s`
      stream.write(stream.isTTY ? `\r${line}\x1b[K` : '')
    } else if (e.type === 'epoch-end') {
      const val =
        e.valLoss === null ? '' : ` | val loss ${e.valLoss.toFixed(4)} ${fmtMetrics(e.valMetrics, 'val ')}`
      stream.write(
        `${stream.isTTY ? '\r\x1b[K' : ''}epoch ${e.epoch}: loss ${e.loss.toFixed(4)} ${fmtMetrics(e.metrics)}${val} (${e.seconds.toFixed(1)} s, ${Math.round(e.samplesPerSec)} samples/s)\n`,
      )
    } else if (e.type === 'checkpoint') stream.write(`checkpoint: ${e.path}\n`)
    else if (e.type === 'finished') stream.write(`finished (${e.reason}) after ${e.epochs} epoch(s)\n`)
  }
}
