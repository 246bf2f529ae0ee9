/**
 * The optimiser lesson's schedule plots come from the engine's own learningRate: the course's two
 * examples worked by hand, and a setting the engine refuses is reported, not drawn.
 */
import { describe, expect, it } from 'vitest'
import {
  bowlGrid,
  bowlPath,
  COURSE_MULTISTEP,
  COURSE_WARMUP_COSINE,
  scheduleCurve,
} from '../../../renderer/src/learn/optimLesson'

const values = (c: ReturnType<typeof scheduleCurve>) => {
  if (!('points' in c)) throw new Error(c.error)
  return c.points.map((p) => p[1])
}

describe('schedule plots', () => {
  it('multi-factor step: 0.5 halved at epochs 15 and 30, as the course’s MultiStepLR', () => {
    const { lr, epochs, milestones, gamma } = COURSE_MULTISTEP
    const c = scheduleCurve({ type: 'multistep', milestones, gamma }, lr, epochs)
    const lrs = values(c)
    expect(lrs).toHaveLength(30)
    expect(lrs.slice(0, 15).every((v) => v === 0.5)).toBe(true)
    expect(lrs.slice(15).every((v) => v === 0.25)).toBe(true)
    expect(scheduleCurve({ type: 'multistep', milestones, gamma }, lr, 31)).toMatchObject({
      points: expect.arrayContaining([[30, 0.125]]),
    })
  })

  it('warm-up + cosine: linear from 0 over 5 epochs, then a half cosine to 0.01 at epoch 20, then held', () => {
    const { lr, epochs, warmupEpochs, maxEpochs, finalLr } = COURSE_WARMUP_COSINE
    const lrs = values(scheduleCurve({ type: 'warmup-cosine', warmupEpochs, maxEpochs, finalLr }, lr, epochs))
    // by hand: epoch e < 5 → 0.3·e/5; 5 ≤ e ≤ 20 → 0.01 + 0.29·(1 + cos(π(e − 5)/15))/2
    const want = (e: number) =>
      e < 5 ? (0.3 * e) / 5 : 0.01 + (0.29 * (1 + Math.cos((Math.PI * (Math.min(e, 20) - 5)) / 15))) / 2
    lrs.forEach((v, e) => expect(v).toBeCloseTo(want(e), 12))
    expect(lrs[0]).toBe(0)
    expect(lrs[5]).toBeCloseTo(0.3, 12)
    expect(lrs[20]).toBeCloseTo(0.01, 12)
    expect(lrs[29]).toBeCloseTo(0.01, 12)
  })

  it('reports a setting the engine refuses in its words', () => {
    const c = scheduleCurve({ type: 'multistep', milestones: [10, 5] }, 0.1, 20)
    expect(c).toEqual({ error: expect.stringMatching(/^schedule\.milestones: must be in ascending order/) })
    expect(scheduleCurve({ type: 'multistep', milestones: [] }, 0.1, 20)).toEqual({
      error: expect.stringMatching(/milestone/),
    })
  })
})

describe('the bowl', () => {
  it('is drawn over its window with the minimum inside, and every path starts at (−5, −2)', () => {
    const g = bowlGrid(10)
    expect(g.cells).toHaveLength(100)
    expect(Math.min(...g.cells.map((c) => c[2]))).toBeLessThan(0.5)
    const p = bowlPath('adagrad', 0.4, 5)
    expect(p[0]).toEqual({ w: -5, b: -2, loss: 10.5 })
    expect(p).toHaveLength(6)
  })
})
