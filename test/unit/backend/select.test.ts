import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { resolves } from '../../../engine/backend/devices'
import { backendReport, initBackend } from '../../../engine/backend/select'
import { wasmTrainingKernelNames } from '../../../engine/backend/wasm-kernels'

const hasNative = resolves('@tensorflow/tfjs-node') || resolves('@tensorflow/tfjs-node-gpu')

describe('initBackend', () => {
  it('wasm: loads the .wasm binary in Node and adds the training kernels', async () => {
    const choice = await initBackend(tf, 'wasm')
    expect(choice.name).toBe('wasm')
    expect(tf.getBackend()).toBe('wasm')
    expect(choice.detail).toMatch(/^wasm \((no )?SIMD, \d+ threads?\) with Deepwire training kernels$/)
    for (const name of wasmTrainingKernelNames) expect(tf.getKernel(name, 'wasm'), name).toBeDefined()
    expect(backendReport(tf)).toEqual({ ...choice, missingTrainingKernels: [] })
    // The backend really computes: a conv gradient w.r.t. its filter needs our kernel.
    const g = tf.tidy(() => {
      const f = (w: tf.Tensor) =>
        tf.conv2d(tf.ones([1, 4, 4, 1]) as tf.Tensor4D, w as tf.Tensor4D, 1, 'valid').sum()
      return Array.from(
        tf
          .grad(f)(tf.ones([2, 2, 1, 1]))
          .dataSync(),
      )
    })
    expect(g).toEqual([9, 9, 9, 9])
  })

  it('cpu on request', async () => {
    expect(await initBackend(tf, 'cpu')).toEqual({ name: 'cpu', detail: 'cpu (plain JavaScript, slowest)' })
    expect(tf.getBackend()).toBe('cpu')
    expect(backendReport(tf).name).toBe('cpu')
  })

  it.skipIf(hasNative)(
    'tensorflow without tfjs-node installed fails loudly instead of falling back',
    async () => {
      await tf.setBackend('cpu')
      await expect(initBackend(tf, 'tensorflow')).rejects.toThrow(/@tensorflow\/tfjs-node is not installed/)
      expect(tf.getBackend()).toBe('cpu')
    },
  )

  it.skipIf(hasNative)('auto skips the missing native bindings and lands on wasm', async () => {
    await tf.setBackend('cpu')
    const choice = await initBackend(tf)
    expect(choice.name).toBe('wasm')
    expect(tf.getBackend()).toBe('wasm')
  })
})
