import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'
import { beforeAll, describe, expect, it } from 'vitest'
import { registerWasmTrainingKernels, replacedWasmKernel } from '../../../engine/backend/wasm-kernels'
import { expectSameGrads, random, relError, type Plain } from './helpers'

beforeAll(async () => {
  registerWasmTrainingKernels(tf)
  expect(await tf.setBackend('wasm')).toBe(true)
})

/** matMul on `backend` as a plain array; also checks that no tensor or wasm buffer is left. */
async function productOn(backend: 'cpu' | 'wasm', a: Plain, b: Plain, ta: boolean, tb: boolean) {
  await tf.setBackend(backend)
  const [x, y] = [a, b].map((p) => tf.tensor(p.values, p.shape))
  const tensorsBefore = tf.memory().numTensors
  const buffersBefore = tf.engine().backend.numDataIds()
  const values = tf.tidy(() => Array.from(tf.matMul(x, y, ta, tb).dataSync()))
  expect(tf.memory().numTensors).toBe(tensorsBefore)
  expect(tf.engine().backend.numDataIds()).toBe(buffersBefore)
  tf.dispose([x, y])
  return values
}

describe('BatchMatMul override (transposed operands)', () => {
  it('replaces the built-in once', () => {
    expect(replacedWasmKernel(tf, 'BatchMatMul')).toBeDefined()
    expect(registerWasmTrainingKernels(tf)).toEqual([])
  })

  const cases: [number[], number[], boolean, boolean][] = [
    [[7, 5], [6, 5], false, true],
    [[5, 7], [5, 6], true, false],
    [[5, 7], [6, 5], true, true],
    [[3, 4, 33], [3, 40, 33], false, true],
    [[2, 3, 37, 4], [2, 3, 37, 5], true, false],
    [[2, 3, 6, 4], [5, 4], false, true],
    [[2, 64, 70], [70, 64], true, true],
    // a small left and a large right operand: computed as (op(B)ᵀ·op(A)ᵀ)ᵀ
    [[4, 50], [60, 50], false, true],
    [[50, 4], [60, 50], true, true],
  ]
  it.each(cases)('a %j · b %j (transposeA %s, transposeB %s) matches cpu', async (as, bs, ta, tb) => {
    const a = random(as, 1)
    const b = random(bs, 2)
    const wasm = await productOn('wasm', a, b, ta, tb)
    const cpu = await productOn('cpu', a, b, ta, tb)
    await tf.setBackend('wasm')
    expect(relError(wasm, cpu)).toBeLessThan(1e-5)
  })

  it('leaves untransposed products and their gradients (which transpose) right', async () => {
    await expectSameGrads([random([3, 8, 6], 3), random([3, 6, 5], 4)], (a, b) => tf.matMul(a, b))
    await expectSameGrads([random([9, 6], 5), random([5, 6], 6)], (a, b) => tf.matMul(a, b, false, true))
  })
})
