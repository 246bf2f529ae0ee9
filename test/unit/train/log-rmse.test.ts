/** The course's log-RMSE: √mean((log max(ŷ, 1) − log y)²), worked out by hand. */
import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { makeMetric, metricsFor } from '../../../engine/train/metrics'

describe('log-RMSE', () => {
  const metric = makeMetric(tf, 'log-rmse', 'logits')
  const value = (y: number[], p: number[]) =>
    metric(tf.tensor2d(y, [y.length, 1]), tf.tensor2d(p, [p.length, 1]), tf.scalar(0)).dataSync()[0]

  it('scores relative errors: doubling a cheap and a dear price costs the same', () => {
    // |log 2| for every sample
    expect(value([10, 1000], [20, 2000])).toBeCloseTo(Math.LN2, 5)
  })
  it('raises predictions below 1 to 1 before the log', () => {
    // y = [1, e, e²], ŷ = [0.5 → 1, e, e³]: differences [0, 0, 1] → √(1/3)
    expect(value([1, Math.E, Math.E ** 2], [0.5, Math.E, Math.E ** 3])).toBeCloseTo(Math.sqrt(1 / 3), 5)
  })
  it('is zero for exact predictions and can be asked for beside the regression defaults', () => {
    expect(value([5, 50], [5, 50])).toBeCloseTo(0, 6)
    expect(metricsFor('regression', ['log-rmse'])).toEqual(['mae', 'rmse', 'log-rmse'])
  })
})
