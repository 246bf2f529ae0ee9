import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'
import { beforeAll, describe, expect, it } from 'vitest'
import { registerWasmTrainingKernels, replacedWasmKernel } from '../../../engine/backend/wasm-kernels'
import { expectSameGrads, random, relError } from './helpers'

beforeAll(async () => {
  registerWasmTrainingKernels(tf)
  expect(await tf.setBackend('wasm')).toBe(true)
})

async function on(backend: 'cpu' | 'wasm', shape: number[], f: (x: tf.Tensor) => tf.Tensor) {
  await tf.setBackend(backend)
  const x = tf.tensor(random(shape, 4).values, shape)
  const buffersBefore = tf.engine().backend.numDataIds()
  const y = f(x)
  const out = { shape: y.shape, values: Array.from(y.dataSync()) }
  tf.dispose([x, y])
  expect(tf.engine().backend.numDataIds()).toBe(buffersBefore - 1)
  return out
}

describe('Sum and Mean over leading axes of large tensors add rows on the wasm heap', () => {
  it('replace the built-ins', () => {
    for (const k of ['Sum', 'Mean']) expect(replacedWasmKernel(tf, k), k).toBeDefined()
  })

  it.each([
    [[4, 48, 48, 64], [0, 1, 2], false],
    [[4, 48, 48, 64], [2, 0, 1], true],
    [[4, 48, 48, 64], [0, 1], false],
    [[8192, 256], [0], false],
    // small, or not leading: the built-in
    [[40, 30, 20, 6], [0, 1, 2], true],
    [[6, 4], [0], false],
    [[3, 5, 7, 4], [1, 2], false],
    [[3, 5, 7, 4], [3], true],
    [[3, 5, 4], [0, 1, 2], false],
  ])('%j over %j, keepDims %s', async (shape, axes, keepDims) => {
    for (const f of [tf.sum, tf.mean]) {
      const wasm = await on('wasm', shape, (x) => f(x, axes, keepDims))
      const cpu = await on('cpu', shape, (x) => f(x, axes, keepDims))
      expect(wasm.shape).toEqual(cpu.shape)
      expect(relError(wasm.values, cpu.values)).toBeLessThan(1e-5)
    }
    await tf.setBackend('wasm')
  })

  it('keeps the gradients of a bias and of BatchNorm statistics right', async () => {
    await expectSameGrads([random([4, 5, 5, 3], 1), random([3], 2)], (x, b) => tf.square(tf.add(x, b)))
    await expectSameGrads([random([4, 5, 5, 3], 3)], (x) => {
      const { mean, variance } = tf.moments(x, [0, 1, 2])
      return tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-3)))
    })
  })
})
