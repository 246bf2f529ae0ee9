import { describe, expect, it } from 'vitest'
import { trainingSchema } from '../../../engine/graph/schema'
import { learningRate } from '../../../engine/train/schedule'

const cfg = (schedule: object, epochs = 10) =>
  trainingSchema.parse({ optimizer: { lr: 0.1 }, epochs, schedule })

describe('learning-rate schedules', () => {
  it('constant', () => expect([0, 5, 9].map((e) => learningRate(cfg({}), e))).toEqual([0.1, 0.1, 0.1]))
  it('step decay', () => {
    const c = cfg({ type: 'step', stepEpochs: 3, gamma: 0.5 })
    expect([0, 2, 3, 6].map((e) => learningRate(c, e))).toEqual([0.1, 0.1, 0.05, 0.025])
  })
  it('cosine annealing reaches ~0 at the end', () => {
    const c = cfg({ type: 'cosine' })
    expect(learningRate(c, 0)).toBeCloseTo(0.1)
    expect(learningRate(c, 5)).toBeCloseTo(0.05)
    expect(learningRate(c, 9)).toBeLessThan(0.01)
  })
  it('linear warm-up before the schedule', () => {
    const c = cfg({ type: 'cosine', warmupEpochs: 3 })
    ;[0.025, 0.05, 0.075].forEach((v, e) => expect(learningRate(c, e)).toBeCloseTo(v, 12))
    expect(learningRate(c, 3)).toBeCloseTo(0.1)
  })
})
