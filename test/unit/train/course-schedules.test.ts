/**
 * The optimisation chapter's schedules, against rates worked out by hand from the course's
 * definitions: PyTorch's MultiStepLR (milestones [15, 30], factor 0.5) and the course's
 * CosineScheduler (max_update 20, base 0.3, final 0.01, 5 warm-up epochs).
 */
import { describe, expect, it } from 'vitest'
import { trainingSchema } from '../../../engine/graph/schema'
import { learningRate } from '../../../engine/train/schedule'

const cfg = (schedule: object, lr: number, epochs = 30) =>
  trainingSchema.parse({ optimizer: { type: 'sgd', lr }, epochs, schedule })

describe('multi-factor step schedule', () => {
  const c = cfg({ type: 'multistep', milestones: [15, 30], gamma: 0.5 }, 0.5, 50)
  it('multiplies by the factor at each milestone', () => {
    expect([0, 14, 15, 29, 30, 49].map((e) => learningRate(c, e))).toEqual([
      0.5, 0.5, 0.25, 0.25, 0.125, 0.125,
    ])
  })
  it('refuses milestones out of order, or none', () => {
    const bad = trainingSchema.safeParse({ schedule: { type: 'multistep', milestones: [30, 15] } })
    expect(bad.success).toBe(false)
    expect(bad.error?.issues[0].message).toBe('must be in ascending order')
    const none = trainingSchema.safeParse({ schedule: { type: 'multistep' } })
    expect(none.error?.issues[0].message).toMatch(/needs at least one milestone/)
  })
})

describe('warm-up + cosine schedule', () => {
  const c = cfg({ type: 'warmup-cosine', warmupEpochs: 5, maxEpochs: 20, finalLr: 0.01 }, 0.3)
  it('rises linearly from 0 over the warm-up', () => {
    // 0.3 · e / 5
    ;[0, 0.06, 0.12, 0.18, 0.24].forEach((v, e) => expect(learningRate(c, e)).toBeCloseTo(v, 12))
  })
  it('follows the cosine from the base rate to the final rate', () => {
    expect(learningRate(c, 5)).toBeCloseTo(0.3, 12)
    // e = 10: t/T = 5/15, cos(π/3) = 0.5 → 0.01 + 0.29 · 1.5 / 2
    expect(learningRate(c, 10)).toBeCloseTo(0.2275, 12)
    // e = 12.5 would be the midpoint; e = 15: cos(2π/3) = −0.5 → 0.01 + 0.29 · 0.25
    expect(learningRate(c, 15)).toBeCloseTo(0.0825, 12)
    expect(learningRate(c, 20)).toBeCloseTo(0.01, 12)
  })
  it('holds the final rate after max epochs', () => {
    expect(learningRate(c, 25)).toBeCloseTo(0.01, 12)
    expect(learningRate(c, 29)).toBeCloseTo(0.01, 12)
  })
  it('ends at the run length when max epochs is not given', () => {
    const d = cfg({ type: 'warmup-cosine', finalLr: 0.1 }, 0.5, 10)
    expect(learningRate(d, 0)).toBeCloseTo(0.5, 12)
    expect(learningRate(d, 5)).toBeCloseTo(0.3, 12)
  })
  it('refuses a warm-up as long as the schedule', () => {
    const bad = trainingSchema.safeParse({
      schedule: { type: 'warmup-cosine', warmupEpochs: 5, maxEpochs: 5 },
    })
    expect(bad.error?.issues[0].path).toEqual(['schedule', 'maxEpochs'])
  })
})
