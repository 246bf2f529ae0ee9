/**
 * What Deepwire adds around tfjs' webgpu backend: AddN over more inputs than a shader may bind,
 * and GPU errors that tfjs would otherwise only print.
 */
import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { initBackend } from '../../engine/backend/select'
import { takeGpuFault } from '../../engine/backend/webgpu'
import { useSoftwareGpu } from './software-gpu'

useSoftwareGpu()

beforeAll(async () => {
  expect((await initBackend(tf, 'webgpu')).name).toBe('webgpu')
})

describe('webgpu kernels', () => {
  it.each([2, 7, 9, 30, 100])('AddN of %i tensors sums them all', async (n) => {
    // the clip-by-global-norm of a Transformer sums one scalar per weight: ~30 of them
    const xs = Array.from({ length: n }, (_, i) => tf.fill([3], i + 1))
    const sum = tf.addN(xs)
    expect(Array.from(await sum.data())).toEqual([1, 1, 1].map(() => (n * (n + 1)) / 2))
    tf.dispose([...xs, sum])
    expect(takeGpuFault()).toBeUndefined()
  })

  it('keeps the first error the device reports, for the training loop to fail on', async () => {
    const device = (tf.backend() as unknown as { device: { createBuffer(d: object): unknown } }).device
    device.createBuffer({ size: 4, usage: 0 })
    await tf.scalar(1).data()
    expect(takeGpuFault()).toMatch(/usage/i)
    expect(takeGpuFault()).toBeUndefined()
  })
})
