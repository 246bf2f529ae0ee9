import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Tf } from '../../../engine/layers/types'
import { deviceMemory } from '../../../engine/train/device-memory'

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true)
})

describe('deviceMemory', () => {
  it('counts the bytes of the tensors held, on a CPU backend', () => {
    const before = deviceMemory(tf as unknown as Tf)
    const t = tf.zeros([1000])
    const after = deviceMemory(tf as unknown as Tf)
    expect(after).toEqual({ memoryBytes: before.memoryBytes + 4000, memoryOnGpu: false })
    t.dispose()
    expect(deviceMemory(tf as unknown as Tf).memoryBytes).toBe(before.memoryBytes)
  })
})
