import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { contentLoss, gram, styleLoss, tvLoss } from '../../../engine/stylize/losses'

beforeAll(async () => {
  await tf.setBackend('cpu')
})

const values = (t: tf.Tensor) => Array.from(t.dataSync())

describe('style transfer losses', () => {
  it('the Gram matrix is XᵀX / (C·n), worked by hand', () => {
    // one row of two pixels with two channels: X = [[1, 2], [3, 4]] (n = 2 pixels, C = 2)
    const x = tf.tensor3d([
      [
        [1, 2],
        [3, 4],
      ],
    ])
    // XᵀX = [[1·1 + 3·3, 1·2 + 3·4], [2·1 + 4·3, 2·2 + 4·4]] = [[10, 14], [14, 20]], divided by C·n = 4
    expect(values(gram(tf, x))).toEqual([2.5, 3.5, 3.5, 5])
    // a batch axis of one changes nothing, as in the course's [1, C, H, W] maps
    expect(values(gram(tf, x.expandDims(0)))).toEqual([2.5, 3.5, 3.5, 5])
  })

  it('the Gram matrix of a 2×2×3 map matches a loop over pixels', () => {
    const data = [0.5, -1, 2, 3, 0, 1, -2, 1, 1, 4, 2, -3]
    const x = tf.tensor3d(data, [2, 2, 3])
    const want: number[] = []
    for (let a = 0; a < 3; a++)
      for (let b = 0; b < 3; b++) {
        let s = 0
        for (let p = 0; p < 4; p++) s += data[p * 3 + a] * data[p * 3 + b]
        want.push(s / 12)
      }
    values(gram(tf, x)).forEach((v, i) => expect(v).toBeCloseTo(want[i], 6))
  })

  it('total variation is half the mean absolute vertical plus horizontal differences', () => {
    // [[0, 1], [3, 5]]: vertical differences 3 and 4 (mean 3.5), horizontal 1 and 2 (mean 1.5)
    const img = tf.tensor3d([0, 1, 3, 5], [2, 2, 1])
    expect(tvLoss(tf, img).dataSync()[0]).toBeCloseTo(2.5, 6)
    expect(tvLoss(tf, img.expandDims(0)).dataSync()[0]).toBeCloseTo(2.5, 6)
    // a flat image has none
    expect(tvLoss(tf, tf.fill([1, 3, 4, 3], 0.7)).dataSync()[0]).toBe(0)
  })

  it('content loss is the mean squared difference; style loss compares Gram matrices', () => {
    const a = tf.tensor3d([
      [
        [1, 2],
        [3, 4],
      ],
    ])
    const b = tf.tensor3d([
      [
        [1, 0],
        [3, 2],
      ],
    ])
    // differences 0, 2, 0, 2: squares average to 2
    expect(contentLoss(tf, a, b).dataSync()[0]).toBeCloseTo(2, 6)
    // gram(b) = [[10, 6], [6, 4]] / 4; against gram(a) = [[10, 14], [14, 20]] / 4 the differences
    // are 0, 2, 2, 4: squares 0, 4, 4, 16 average to 6
    expect(styleLoss(tf, a, gram(tf, b)).dataSync()[0]).toBeCloseTo(6, 6)
    expect(styleLoss(tf, a, gram(tf, a)).dataSync()[0]).toBe(0)
  })
})
