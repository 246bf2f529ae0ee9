import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'
import { beforeAll, describe, expect, it } from 'vitest'
import { registerWasmTrainingKernels, replacedWasmKernel } from '../../../engine/backend/wasm-kernels'
import { expectSameGrads, expectSameOutputs, random } from './helpers'

beforeAll(async () => {
  registerWasmTrainingKernels(tf)
  expect(await tf.setBackend('wasm')).toBe(true)
})

describe('Tile copies blocks on the wasm heap', () => {
  it('replaces the built-in', () => {
    expect(replacedWasmKernel(tf, 'Tile')).toBeDefined()
  })

  it.each([
    [[5], [3]],
    [[5], [1]],
    [
      [2, 3],
      [3, 2],
    ],
    [
      [1, 1, 1, 4],
      [3, 5, 7, 1],
    ],
    [
      [2, 3, 4],
      [1, 5, 1],
    ],
    [
      [3, 1, 2],
      [2, 3, 4],
    ],
    [
      [2, 2, 2, 2, 3],
      [2, 1, 3, 1, 2],
    ],
    [
      [3, 2],
      [0, 2],
    ],
  ])('tile of %j by %j', async (shape, reps) => {
    await expectSameOutputs(shape, (x) => [tf.tile(x, reps)])
    await expectSameOutputs(shape, (x) => [tf.tile(x, reps)], 'int32')
    await expectSameOutputs(shape, (x) => [tf.tile(x, reps)], 'bool')
  })

  it('keeps the gradients of BatchNorm (which tiles its statistics) right', async () => {
    const x = random([4, 5, 5, 3], 1)
    const stats = (seed: number, shift: number) => ({
      shape: [3],
      values: random([3], seed).values.map((v) => v * 0.5 + shift),
    })
    await expectSameGrads(
      [x, stats(2, 0), stats(3, 1.5), stats(4, 1), stats(5, 0)],
      (v, mean, variance, scale, offset) => tf.batchNorm(v, mean, variance, offset, scale, 1e-3),
    )
  })
})
