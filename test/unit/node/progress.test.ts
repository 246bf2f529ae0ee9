import { describe, expect, it } from 'vitest'
import { progressPrinter } from '../../../engine/node/progress'
import type { DatasetSummary, TrainEvent } from '../../../engine/protocol'

const started = (dataset: Partial<DatasetSummary>): TrainEvent => ({
  type: 'run-started',
  backend: 'cpu',
  backendDetail: 'cpu',
  dataset: {
    name: 'fashion-mnist',
    task: 'classification',
    size: 70_000,
    train: 60_000,
    val: 10_000,
    split: 'official',
    inputShape: [28, 28, 1],
    ...dataset,
  },
  trainableParams: 1,
  epochs: 1,
  startEpoch: 0,
  batchesPerEpoch: 1,
})

const printed = (e: TrainEvent) => {
  let text = ''
  progressPrinter({ write: (s: string) => (text += s), isTTY: false } as unknown as NodeJS.WriteStream)(e)
  return text
}

describe('the CLI progress line', () => {
  it('says which split the run validates on', () => {
    expect(printed(started({}))).toContain(
      'dataset: fashion-mnist (60000 train / 10000 validation, the official test set)',
    )
    expect(printed(started({ name: 'mnist', train: 9000, val: 1000, split: 'holdout' }))).toContain(
      'dataset: mnist (9000 train / 1000 validation, held out of the training set)',
    )
  })
})
