import { describe, expect, it } from 'vitest'
import { makeLoss } from '../../../engine/train/losses'
import { makeMetric, metricsFor } from '../../../engine/train/metrics'
import { tf } from '../../helpers/train'

const logSoftmax = (row: number[]) => {
  const m = Math.max(...row)
  const z = Math.log(row.reduce((a, v) => a + Math.exp(v - m), 0)) + m
  return row.map((v) => v - z)
}

describe('the mlm-nsp loss (BERT pretraining: masked-word + next-sentence cross-entropy)', () => {
  // 2 samples, 3 positions, vocabulary 3 (+ 2 next-sentence channels)
  const p = [
    [
      [0.5, -1, 2, 0.3, -0.2],
      [1, 2, 0.5, 9, 9],
      [0.1, 0.2, 3, 9, 9],
    ],
    [
      [0, 0, 0, -1, 1.5],
      [2, -1, 0, 9, 9],
      [0.3, 0.3, 0.3, 9, 9],
    ],
  ]
  // y[0]: is-next label; y[1..]: original word at a masked position, −1 elsewhere
  const y = [
    [1, 1, 2],
    [0, -1, 0],
  ]

  it('adds the mean cross-entropy over masked positions and the next-sentence cross-entropy at [CLS]', async () => {
    const loss = makeLoss(tf, 'mlm-nsp', 'logits', 3, -1)
    const got = await loss(tf.tensor2d(y, undefined, 'int32'), tf.tensor3d(p)).data()
    const mlm = [
      -logSoftmax(p[0][1].slice(0, 3))[1],
      -logSoftmax(p[0][2].slice(0, 3))[2],
      -logSoftmax(p[1][2].slice(0, 3))[0],
    ]
    const nsp = [-logSoftmax(p[0][0].slice(3))[1], -logSoftmax(p[1][0].slice(3))[0]]
    const want = (mlm[0] + mlm[1] + mlm[2]) / 3 + (nsp[0] + nsp[1]) / 2
    expect(got[0]).toBeCloseTo(want, 5)
  })

  it('scores masked-word and next-sentence accuracy separately, and only those for this loss', async () => {
    expect(metricsFor('classification', ['accuracy'], 'mlm-nsp')).toEqual(['mlm-accuracy', 'nsp-accuracy'])
    const yt = tf.tensor2d(y, undefined, 'int32')
    const pt = tf.tensor3d(p)
    // masked words: sample 0 predicts 1 (right) and 2 (right), sample 1 predicts 0 (right) → 1
    expect((await makeMetric(tf, 'mlm-accuracy', 'logits')(yt, pt, tf.scalar(0)).data())[0]).toBeCloseTo(1)
    // next sentence: sample 0 argmax is channel 0 (label 1: wrong), sample 1 channel 1 (label 0: wrong)
    expect((await makeMetric(tf, 'nsp-accuracy', 'logits')(yt, pt, tf.scalar(0)).data())[0]).toBeCloseTo(0)
  })
})
