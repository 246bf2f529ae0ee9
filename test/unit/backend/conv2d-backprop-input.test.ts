import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'
import { beforeAll, describe, expect, it } from 'vitest'
import { registerWasmTrainingKernels, replacedWasmKernel } from '../../../engine/backend/wasm-kernels'
import { expectSameGrads, random, relError, type Plain } from './helpers'

type Pad =
  'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]]
type Stride = number | [number, number]
type Shape4 = [number, number, number, number]

const KERNEL = 'Conv2DBackpropInput'

beforeAll(async () => {
  // Before the backend initialises, as initBackend does: the built-in's setup must still run
  // for the fallback to work.
  registerWasmTrainingKernels(tf)
  expect(await tf.setBackend('wasm')).toBe(true)
})

/** f's values on `backend` as a plain array; also checks that no tensor or buffer is left. */
async function valuesOn(backend: 'cpu' | 'wasm', inputs: Plain[], f: (...xs: tf.Tensor[]) => tf.Tensor) {
  await tf.setBackend(backend)
  const xs = inputs.map((p) => tf.tensor(p.values, p.shape))
  const tensorsBefore = tf.memory().numTensors
  const buffersBefore = tf.engine().backend.numDataIds()
  const values = tf.tidy(() => Array.from(f(...xs).dataSync()))
  expect(tf.memory().numTensors).toBe(tensorsBefore)
  expect(tf.engine().backend.numDataIds()).toBe(buffersBefore)
  tf.dispose(xs)
  return values
}

async function expectSameValues(inputs: Plain[], f: (...xs: tf.Tensor[]) => tf.Tensor): Promise<void> {
  const wasm = await valuesOn('wasm', inputs, f)
  const cpu = await valuesOn('cpu', inputs, f)
  expect(cpu.some((v) => v !== 0)).toBe(true)
  expect(relError(wasm, cpu)).toBeLessThan(1e-4)
}

describe('Conv2DBackpropInput override', () => {
  it('replaces the built-in once and keeps its setup for the fallback', () => {
    const builtin = replacedWasmKernel(tf, KERNEL)
    const current = tf.getKernel(KERNEL, 'wasm')
    expect(builtin).toBeDefined()
    expect(current).not.toBe(builtin)
    expect(current?.setupFunc).toBe(builtin?.setupFunc)
    expect(registerWasmTrainingKernels(tf)).toEqual([])
    expect(tf.getKernel(KERNEL, 'wasm')).toBe(current)
    expect(replacedWasmKernel(tf, 'Conv2D')).toBeUndefined()
  })

  const cases: Array<[number[], number[], Stride, Pad]> = [
    [[2, 9, 7, 3], [3, 3, 3, 4], 1, 'same'],
    [[2, 9, 7, 3], [3, 3, 3, 4], 2, 'valid'],
    [[3, 8, 10, 2], [3, 2, 2, 5], 2, 'same'],
    [[2, 10, 9, 4], [4, 3, 4, 2], [2, 3], 'same'],
    [[2, 11, 13, 2], [3, 3, 2, 3], [3, 2], 'valid'],
    [[2, 9, 9, 3], [2, 2, 3, 2], 3, 'same'],
    [[2, 11, 8, 1], [5, 5, 1, 6], 1, 'valid'],
    [[2, 3, 4, 2], [5, 5, 2, 3], 1, 'same'],
    [[4, 6, 6, 5], [1, 1, 5, 3], 1, 'valid'],
    [[2, 6, 7, 3], [1, 1, 3, 4], 2, 'valid'],
    [[2, 7, 9, 2], [3, 3, 2, 3], 2, 1],
    [[2, 8, 8, 2], [3, 3, 2, 2], 1, 2],
    [
      [2, 7, 6, 2],
      [3, 2, 2, 3],
      1,
      [
        [0, 0],
        [2, 1],
        [0, 3],
        [0, 0],
      ],
    ],
    [
      [2, 7, 6, 2],
      [3, 2, 2, 3],
      2,
      [
        [0, 0],
        [4, 1],
        [1, 3],
        [0, 0],
      ],
    ],
    // LeNet's second convolution, the one whose input gradient motivated the override.
    [[8, 14, 14, 6], [5, 5, 6, 16], 1, 'valid'],
  ]
  for (const [xShape, fShape, stride, pad] of cases) {
    it(`conv2d x${xShape} f${fShape} stride ${stride} pad ${JSON.stringify(pad)} w.r.t. input`, async () => {
      await expectSameGrads(
        [random(xShape, 40), random(fShape, 41)],
        (x, f) => tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, stride, pad),
        1,
      )
    })
  }

  it('conv1d w.r.t. input', async () => {
    await expectSameGrads(
      [random([3, 20, 3], 42), random([5, 3, 4], 43)],
      (x, f) => tf.conv1d(x as tf.Tensor3D, f as tf.Tensor3D, 2, 'same'),
      1,
    )
  })

  const transposes: Array<[number[], number[], Shape4, Stride, Pad]> = [
    [[2, 5, 4, 4], [3, 3, 3, 4], [2, 10, 8, 3], 2, 'same'],
    [[2, 5, 4, 4], [3, 3, 3, 4], [2, 9, 7, 3], 2, 'same'],
    [[2, 4, 4, 3], [3, 3, 2, 3], [2, 9, 9, 2], 2, 'valid'],
    [[2, 4, 4, 3], [3, 3, 2, 3], [2, 10, 10, 2], 2, 'valid'],
    [[1, 6, 5, 2], [2, 2, 3, 2], [1, 6, 5, 3], 1, 'same'],
    [[2, 3, 3, 2], [3, 3, 4, 2], [2, 7, 10, 4], [2, 3], 'valid'],
    [[2, 4, 4, 3], [4, 4, 2, 3], [2, 8, 8, 2], 2, 1],
    [
      [1, 4, 4, 2],
      [3, 3, 2, 2],
      [1, 8, 8, 2],
      2,
      [
        [0, 0],
        [1, 0],
        [0, 1],
        [0, 0],
      ],
    ],
  ]
  for (const [xShape, fShape, outShape, stride, pad] of transposes) {
    it(`conv2dTranspose x${xShape} f${fShape} → ${outShape} stride ${stride} pad ${JSON.stringify(pad)}`, async () => {
      const inputs = [random(xShape, 44), random(fShape, 45)]
      const f = (x: tf.Tensor, w: tf.Tensor) =>
        tf.conv2dTranspose(x as tf.Tensor4D, w as tf.Tensor4D, outShape, stride, pad)
      await expectSameValues(inputs, f)
      await expectSameGrads(inputs, f)
    })
  }

  it('hands NCHW data to the built-in kernel', async () => {
    // dx for an NCHW x [2, 3, 7, 6] under a [3, 3, 3, 4] filter, stride 2, 'same'.
    const run = (dy: tf.Tensor, filter: tf.Tensor) =>
      tf
        .engine()
        .runKernel(
          KERNEL,
          { dy, filter },
          { strides: [2, 2], pad: 'same', dataFormat: 'NCHW', inputShape: [2, 3, 7, 6] },
        ) as tf.Tensor
    await expectSameValues([random([2, 4, 4, 3], 46), random([3, 3, 3, 4], 47)], run)
  })
})
