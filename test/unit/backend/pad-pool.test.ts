import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'
import { beforeAll, describe, expect, it } from 'vitest'
import { registerWasmTrainingKernels, replacedWasmKernel } from '../../../engine/backend/wasm-kernels'
import { expectSameGrads, expectSameOutputs, random } from './helpers'

beforeAll(async () => {
  registerWasmTrainingKernels(tf)
  expect(await tf.setBackend('wasm')).toBe(true)
})

describe('PadV2 copies rows on the wasm heap', () => {
  it('replaces the built-in', () => {
    expect(replacedWasmKernel(tf, 'PadV2')).toBeDefined()
  })

  it.each([
    [[5], [[2, 1]], 0],
    [
      [3, 4],
      [
        [0, 0],
        [1, 2],
      ],
      0,
    ],
    [
      [3, 4],
      [
        [1, 0],
        [0, 0],
      ],
      2.5,
    ],
    [
      [2, 5, 5, 1],
      [
        [0, 0],
        [2, 2],
        [2, 2],
        [0, 0],
      ],
      0,
    ],
    [
      [2, 3, 4, 3],
      [
        [0, 0],
        [0, 1],
        [1, 0],
        [0, 0],
      ],
      0,
    ],
    [
      [2, 3, 2, 3],
      [
        [1, 0],
        [0, 0],
        [0, 0],
        [2, 1],
      ],
      -1,
    ],
  ])('pads %j by %j with %d', async (shape, paddings, value) => {
    const p = paddings as Array<[number, number]>
    await expectSameOutputs(shape, (x) => [tf.pad(x, p, value)])
    await expectSameOutputs(shape, (x) => [tf.pad(x, p, value)], 'int32')
  })
})

describe('AvgPoolGrad spreads dy over windows that tile the input', () => {
  it('replaces the built-in', () => {
    expect(replacedWasmKernel(tf, 'AvgPoolGrad')).toBeDefined()
  })

  it.each([
    [[2, 4, 4, 3], 2, 2, 'valid'],
    [[2, 7, 5, 2], 2, 2, 'valid'],
    [[1, 6, 6, 4], 3, 3, 'valid'],
    [[1, 6, 9, 2], [2, 3], [2, 3], 'valid'],
    // not tiling: the built-in
    [[2, 5, 5, 2], 3, 2, 'same'],
    [[2, 5, 5, 2], 2, 2, 'same'],
  ] as const)('gradient of avgPool on %j, window %j, stride %j, %s', async (shape, size, stride, pad) => {
    await expectSameGrads([random([...shape], 1)], (x) =>
      tf.avgPool(x as tf.Tensor4D, size as [number, number], stride as [number, number], pad),
    )
  })
})

describe('MaxPoolGrad gives each window its dy at the first maximum', () => {
  it('replaces the built-in', () => {
    expect(replacedWasmKernel(tf, 'MaxPoolGrad')).toBeDefined()
  })

  it.each([
    [[2, 6, 6, 3], 2, 2, 'valid'],
    [[2, 9, 9, 4], 3, 2, 'same'],
    [[1, 10, 7, 2], 3, 2, 1],
    [[2, 7, 5, 3], [3, 2], [1, 2], 'valid'],
    [[3, 8, 8, 17], 3, 1, 'same'],
  ] as const)('gradient of maxPool on %j, window %j, stride %j, %s', async (shape, size, stride, pad) => {
    await expectSameGrads([random([...shape], 1)], (x) =>
      tf.maxPool(x as tf.Tensor4D, size as [number, number], stride as [number, number], pad),
    )
  })

  it('sends ties to the first maximum, as the cpu backend does', async () => {
    const ties = { shape: [1, 4, 4, 2], values: Array.from({ length: 32 }, (_, i) => Math.floor(i / 6)) }
    await expectSameGrads([ties], (x) => tf.maxPool(x as tf.Tensor4D, 2, 1, 'valid'))
  })
})
