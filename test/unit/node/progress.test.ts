import { describe, expect, it } from 'vitest'
import { progressPrinter } from '../../../engine/node/progress'
import type { TrainEvent } from '../../../engine/protocol'
import { runStarted as started } from '../../helpers/events'

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
