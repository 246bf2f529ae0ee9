import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'
import { beforeAll, describe, expect, it } from 'vitest'
import { registerWasmTrainingKernels } from '../../../engine/backend/wasm-kernels'
import { random, relError } from './helpers'

beforeAll(async () => {
  registerWasmTrainingKernels(tf)
  expect(await tf.setBackend('wasm')).toBe(true)
})

/** dx of sum/mean over `axes` for upstream dy, written out: dy broadcast back, over n for a mean. */
function expected(shape: number[], axes: number[], dy: number[], mean: boolean): number[] {
  const kept = shape.map((d, i) => (axes.includes(i) ? 1 : d))
  const n = mean ? axes.reduce((p, a) => p * shape[a], 1) : 1
  const size = shape.reduce((a, b) => a * b, 1)
  const out: number[] = []
  for (let flat = 0; flat < size; flat++) {
    let rest = flat
    let j = 0
    let stride = 1
    for (let i = shape.length - 1; i >= 0; i--) {
      const idx = rest % shape[i]
      rest = Math.floor(rest / shape[i])
      j += (kept[i] === 1 ? 0 : idx) * stride
      stride *= kept[i]
    }
    out.push(dy[j] / n)
  }
  return out
}

describe('Sum and Mean gradients broadcast dy without a JS array of ones', () => {
  it.each([
    [[4, 3], [0]],
    [
      [2, 5, 5, 3],
      [0, 1, 2],
    ],
    [[2, 5, 5, 3], [3]],
    [
      [3, 4, 5],
      [0, 2],
    ],
    [
      [3, 4, 5],
      [0, 1, 2],
    ],
  ])('%j over %j, on wasm and cpu', async (shape, axes) => {
    for (const backend of ['wasm', 'cpu']) {
      await tf.setBackend(backend)
      for (const mean of [false, true]) {
        const x = tf.tensor(random(shape, 1).values, shape)
        const outShape = shape.filter((_, i) => !axes.includes(i))
        const dyValues = random(outShape, 2).values
        const dy = tf.tensor(dyValues, outShape)
        const f = (v: tf.Tensor) => (mean ? tf.mean(v, axes) : tf.sum(v, axes))
        const g = tf.grad(f)(x, dy)
        expect(g.shape).toEqual(shape)
        expect(g.dtype).toBe('float32')
        expect(relError(Array.from(g.dataSync()), expected(shape, axes, dyValues, mean))).toBeLessThan(1e-6)
        tf.dispose([x, dy, g])
      }
    }
    await tf.setBackend('wasm')
  })

  it('builds no array the size of x on the JavaScript side', async () => {
    const x = tf.zeros([64, 64, 64])
    const before = process.memoryUsage().arrayBuffers
    const g = tf.grad((v: tf.Tensor) => tf.mean(v))(x)
    // tfjs' own gradient allocated a 1 MB Float32Array of ones here
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(256 * 1024)
    tf.dispose([x, g])
  })
})
