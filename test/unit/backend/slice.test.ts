import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'
import { beforeAll, describe, expect, it } from 'vitest'
import { registerWasmTrainingKernels, replacedWasmKernel } from '../../../engine/backend/wasm-kernels'
import { expectSameGrads, random } from './helpers'

beforeAll(async () => {
  registerWasmTrainingKernels(tf)
  expect(await tf.setBackend('wasm')).toBe(true)
})

/** f's outputs on `backend` as plain arrays with shapes; also checks that nothing is left behind. */
async function on(
  backend: 'cpu' | 'wasm',
  shape: number[],
  dtype: 'float32' | 'int32',
  f: (x: tf.Tensor) => tf.Tensor[],
) {
  await tf.setBackend(backend)
  const values = random(shape, 3).values.map((v) => (dtype === 'int32' ? Math.round(v * 100) : v))
  const x = tf.tensor(values, shape, dtype)
  const tensorsBefore = tf.memory().numTensors
  const buffersBefore = tf.engine().backend.numDataIds()
  const out = tf.tidy(() => f(x).map((t) => ({ shape: t.shape, values: Array.from(t.dataSync()) })))
  expect(tf.memory().numTensors).toBe(tensorsBefore)
  expect(tf.engine().backend.numDataIds()).toBe(buffersBefore)
  x.dispose()
  return out
}

async function expectSame(
  shape: number[],
  f: (x: tf.Tensor) => tf.Tensor[],
  dtype: 'float32' | 'int32' = 'float32',
) {
  const wasm = await on('wasm', shape, dtype, f)
  const cpu = await on('cpu', shape, dtype, f)
  await tf.setBackend('wasm')
  expect(wasm).toEqual(cpu)
}

describe('Slice, SplitV and Unpack read the wasm heap in place', () => {
  it('replace the built-ins', () => {
    for (const k of ['Slice', 'SplitV', 'Unpack']) expect(replacedWasmKernel(tf, k), k).toBeDefined()
  })

  it.each([
    [[10], [3], [4]],
    [[10], [0], [-1]],
    [
      [4, 6],
      [1, 2],
      [2, 3],
    ],
    [
      [4, 6],
      [1, 0],
      [2, 6],
    ],
    [
      [3, 4, 5],
      [1, 1, 0],
      [2, -1, 5],
    ],
    [
      [3, 4, 5],
      [0, 2, 1],
      [3, 1, 3],
    ],
    [
      [2, 3, 4, 5],
      [1, 0, 2, 0],
      [1, 3, 2, 5],
    ],
    [
      [2, 3, 2, 3, 2],
      [0, 1, 0, 1, 1],
      [2, 2, 2, 2, 1],
    ],
  ])('slice of %j at %j size %j', async (shape, begin, size) => {
    await expectSame(shape, (x) => [tf.slice(x, begin, size)])
    await expectSame(shape, (x) => [tf.slice(x, begin, size)], 'int32')
  })

  it.each([
    [[6, 4], 0],
    [[3, 5, 4], 1],
    [[3, 5, 4], -1],
    [[2, 3, 4, 5], 2],
  ])('unstack %j along %d', async (shape, axis) => {
    await expectSame(shape, (x) => tf.unstack(x, axis))
  })

  it.each([
    [[6, 4], 3, 0],
    [[3, 9, 4], [2, 3, 4], 1],
    [[3, 5, 6], [1, -1], -1],
  ] as const)('split %j into %j along %d', async (shape, sizes, axis) => {
    await expectSame([...shape], (x) => tf.split(x, sizes as number | number[], axis), 'int32')
  })

  it('keeps the gradients that slice (concat, split, unstack) right', async () => {
    await expectSameGrads([random([3, 4], 1), random([3, 5], 2)], (a, b) => tf.concat([a, b], 1))
    await expectSameGrads([random([4, 6, 3], 3)], (x) =>
      tf.stack(tf.split(x, [2, 4], 1).map((p) => tf.sum(p, 1))),
    )
    await expectSameGrads([random([5, 3, 2], 4)], (x) => tf.stack(tf.unstack(x, 1).reverse(), 1))
  })
})
