/**
 * Cross-entropy, perplexity and accuracy with padded targets, against values worked out by hand.
 */
import { describe, expect, it } from 'vitest'
import { makeLoss } from '../../../engine/train/losses'
import { makeMetric } from '../../../engine/train/metrics'
import { tf } from '../../helpers/train'

// two sequences of 2 positions over 3 classes; class 0 is padding
const probs = [
  [0.7, 0.2, 0.1], // target 1: p = 0.2
  [0.1, 0.6, 0.3], // target 1: p = 0.6
  [0.2, 0.3, 0.5], // target 2: p = 0.5
  [0.9, 0.05, 0.05], // target 0 (padding): p = 0.9, must not count
]
const targets = [
  [1, 1],
  [2, 0],
]

describe('sequence loss and metrics with padding', () => {
  const y = tf.tensor2d(targets, [2, 2], 'int32')
  const p = tf.tensor3d(probs.flat(), [2, 2, 3])
  const logits = tf.log(p)
  const hand = -(Math.log(0.2) + Math.log(0.6) + Math.log(0.5)) / 3

  it('cross-entropy averages over the non-padding positions only (logits and probabilities)', () => {
    const onLogits = makeLoss(tf, 'cross-entropy', 'logits', 3, 0)(y, logits)
    const onProbs = makeLoss(tf, 'cross-entropy', 'probabilities', 3, 0)(y, p)
    expect(onLogits.dataSync()[0]).toBeCloseTo(hand, 5)
    expect(onProbs.dataSync()[0]).toBeCloseTo(hand, 5)
    // without the mask the padding position adds −log 0.9
    const all = -(Math.log(0.2) + Math.log(0.6) + Math.log(0.5) + Math.log(0.9)) / 4
    expect(makeLoss(tf, 'cross-entropy', 'logits', 3)(y, logits).dataSync()[0]).toBeCloseTo(all, 5)
  })

  it('perplexity is exp of the per-token cross-entropy: (0.2·0.6·0.5)^(−1/3)', () => {
    const loss = makeLoss(tf, 'cross-entropy', 'logits', 3, 0)(y, logits)
    const ppl = makeMetric(tf, 'perplexity', 'logits', 0)(y, logits, loss).dataSync()[0]
    expect(ppl).toBeCloseTo((0.2 * 0.6 * 0.5) ** (-1 / 3), 4)
    expect(ppl).toBeCloseTo(2.5544, 3)
  })

  it('token accuracy skips padding: 2 of 3 scored tokens are right', () => {
    const acc = makeMetric(tf, 'accuracy', 'logits', 0)(y, logits, tf.scalar(0)).dataSync()[0]
    expect(acc).toBeCloseTo(2 / 3, 6)
    // counting the padding position (predicted 0, right) would give 3 of 4
    expect(makeMetric(tf, 'accuracy', 'logits')(y, logits, tf.scalar(0)).dataSync()[0]).toBeCloseTo(0.75, 6)
  })

  it('the masked loss has gradients only through scored positions', () => {
    const loss = makeLoss(tf, 'cross-entropy', 'logits', 3, 0)
    const g = tf.grad((l: tf.Tensor) => loss(y, l))(logits)
    const rows = g.reshape([4, 3]).arraySync() as number[][]
    expect(rows[3].map(Math.abs)).toEqual([0, 0, 0])
    expect(Math.abs(rows[0][1])).toBeGreaterThan(0.1)
  })
})
