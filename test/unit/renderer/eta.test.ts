import { describe, expect, it } from 'vitest'
import { secondsLeft } from '../../../renderer/src/store/eta'

describe('time left in the training panel', () => {
  it('comes from the pace since the first batch, not from start-up', () => {
    // 10 epochs of 100 batches; start-up took a minute, then a batch every 0.1 s
    const firstAt = 1_000_000
    const s = {
      progress: { epoch: 2, epochs: 10, batch: 50, batches: 100 },
      timing: { firstAt, batchesSince: 149 },
    }
    // 149 batches in 14.9 s after the first one; 850 left at 0.1 s each
    expect(secondsLeft(s, firstAt + 14_900)).toBe(85)
  })
  it('says nothing until there is a pace', () => {
    const s = {
      progress: { epoch: 1, epochs: 2, batch: 1, batches: 10 },
      timing: { firstAt: 5, batchesSince: 0 },
    }
    expect(secondsLeft(s, 100)).toBeNull()
  })
})
