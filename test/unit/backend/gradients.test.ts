import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'
import { beforeAll, describe, expect, it } from 'vitest'
import { registerTrainingGradients } from '../../../engine/backend/gradients'
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

describe('nearest-neighbour upsampling gradient', () => {
  it('sums each pixel’s own block of dy for every sample of the batch, on wasm and cpu', async () => {
    registerTrainingGradients(tf)
    const [b, h, w, c, s] = [2, 3, 3, 2, 2]
    const dyValues = Array.from({ length: b * h * s * w * s * c }, (_, i) => i)
    // by hand: dx[n, r, q, k] = Σ dy[n, s·r + i, s·q + j, k] over the s × s block
    const want: number[] = []
    for (let n = 0; n < b; n++)
      for (let r = 0; r < h; r++)
        for (let q = 0; q < w; q++)
          for (let k = 0; k < c; k++) {
            let sum = 0
            for (let i = 0; i < s; i++)
              for (let j = 0; j < s; j++)
                sum += dyValues[((n * h * s + s * r + i) * w * s + s * q + j) * c + k]
            want.push(sum)
          }
    for (const backend of ['wasm', 'cpu']) {
      await tf.setBackend(backend)
      const x = tf.zeros([b, h, w, c])
      const dy = tf.tensor(dyValues, [b, h * s, w * s, c])
      const g = tf.grad((v: tf.Tensor) => tf.image.resizeNearestNeighbor(v as tf.Tensor4D, [h * s, w * s]))(
        x,
        dy,
      )
      expect(Array.from(await g.data()), backend).toEqual(want)
      tf.dispose([x, dy, g])
    }
    await tf.setBackend('wasm')
  })
})
