import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'
import { beforeAll, describe, expect, it } from 'vitest'
import { registerWasmTrainingKernels, replacedWasmKernel } from '../../../engine/backend/wasm-kernels'
import { expectSameGrads, expectSameOutputs as expectSame, random } from './helpers'

beforeAll(async () => {
  registerWasmTrainingKernels(tf)
  expect(await tf.setBackend('wasm')).toBe(true)
})

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
