import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { layers } from '../../../engine/layers'

describe('Concatenate on a negative axis other than -1', () => {
  it('builds and runs (tfjs only accepts -1 among negative axes)', () => {
    const a = tf.input({ shape: [4, 5, 3] })
    const b = tf.input({ shape: [4, 2, 3] })
    const apply = layers.Concatenate.toTfjs(
      { axis: -2 },
      {
        tf,
        name: 'cat',
        trainable: true,
        seed: 1,
        init: 'default',
        inputShapes: [
          [4, 5, 3],
          [4, 2, 3],
        ],
      },
    )
    const out = apply([a, b])
    expect(out.shape).toEqual([null, 4, 7, 3])
    const m = tf.model({ inputs: [a, b], outputs: out })
    const y = m.predict([tf.ones([2, 4, 5, 3]), tf.zeros([2, 4, 2, 3])]) as tf.Tensor
    expect(y.shape).toEqual([2, 4, 7, 3])
    expect(y.sum().dataSync()[0]).toBe(2 * 4 * 5 * 3)
  })
})
