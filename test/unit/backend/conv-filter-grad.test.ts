import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { registerConvFilterKernel, type ConvGradAttrs } from '../../../engine/backend/conv-filter-grad'
import { random, relError } from './helpers'

type Shape4 = [number, number, number, number]
type Case = [string, Shape4, Shape4, Pick<ConvGradAttrs, 'strides' | 'pad'>]
const CASES: Case[] = [
  ['LeNet 5×5 valid', [3, 12, 12, 1], [5, 5, 1, 6], { strides: 1, pad: 'valid' }],
  ['3×3 same', [2, 7, 9, 4], [3, 3, 4, 5], { strides: 1, pad: 'same' }],
  [
    '7×7 stride 2 same on an odd size (uneven padding)',
    [2, 11, 11, 2],
    [7, 7, 2, 3],
    { strides: 2, pad: 'same' },
  ],
  ['1×1 stride 2 shortcut', [2, 8, 8, 3], [1, 1, 3, 4], { strides: 2, pad: 'valid' }],
  ['unequal strides and kernel sides, same', [1, 9, 10, 2], [3, 2, 2, 2], { strides: [2, 3], pad: 'same' }],
  ['AlexNet 11×11 stride 4', [1, 27, 27, 1], [11, 11, 1, 2], { strides: 4, pad: 'valid' }],
]

/** The filter gradient of a biased convolution (the fused kernel tfjs-layers uses) and of a plain one. */
function grads(x: tf.Tensor4D, f: tf.Tensor4D, dy: tf.Tensor4D, a: Case[3]): number[][] {
  return tf.tidy(() => {
    const bias = tf.ones([f.shape[3]])
    const fused = tf.grad((w) =>
      tf.fused.conv2d({ x, filter: w as tf.Tensor4D, strides: a.strides, pad: a.pad, bias }),
    )(f, dy)
    const plain = tf.grad((w) => tf.conv2d(x, w as tf.Tensor4D, a.strides, a.pad))(f, dy)
    return [Array.from(fused.dataSync()), Array.from(plain.dataSync())]
  })
}

describe('Conv2D filter gradient as one matrix product per tap', () => {
  const reference = new Map<string, number[][]>()
  const inputs = (c: Case) => {
    const x = tf.tensor4d(random(c[1], 3).values, c[1])
    const f = tf.tensor4d(random(c[2], 5).values, c[2])
    const y = tf.conv2d(x, f, c[3].strides, c[3].pad)
    const dy = tf.tensor4d(random(y.shape, 7).values, y.shape)
    y.dispose()
    return [x, f, dy] as const
  }

  beforeAll(async () => {
    // tfjs' own cpu kernel first, then the same backend with the kernel replaced
    expect(await tf.setBackend('cpu')).toBe(true)
    for (const c of CASES) {
      const [x, f, dy] = inputs(c)
      reference.set(c[0], grads(x, f, dy, c[3]))
      tf.dispose([x, f, dy])
    }
    registerConvFilterKernel(tf, 'cpu')
  })

  it.each(CASES)('%s equals tfjs’ kernel and frees every intermediate', (name, ...rest) => {
    const [x, f, dy] = inputs([name, ...rest])
    const buffers = tf.engine().backend.numDataIds()
    const got = grads(x, f, dy, rest[2])
    expect(tf.engine().backend.numDataIds()).toBe(buffers)
    const want = reference.get(name)!
    expect(relError(got[0], want[0])).toBeLessThan(1e-5)
    expect(relError(got[1], want[1])).toBeLessThan(1e-5)
    tf.dispose([x, f, dy])
  })

  it('is in place once', () => {
    expect((tf.getKernel('Conv2DBackpropFilter', 'cpu') as { deepwire?: boolean }).deepwire).toBe(true)
    registerConvFilterKernel(tf, 'cpu')
    expect((tf.getKernel('Conv2DBackpropFilter', 'cpu') as { deepwire?: boolean }).deepwire).toBe(true)
  })
})
