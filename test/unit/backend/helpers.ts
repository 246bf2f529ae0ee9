import * as tf from '@tensorflow/tfjs'
import { expect } from 'vitest'

export interface Plain {
  shape: number[]
  values: number[]
  dtype?: 'float32' | 'int32'
}

/** Deterministic values in [-1, 1) so cpu and wasm see identical inputs. */
export function random(shape: number[], seed: number): Plain {
  let s = seed >>> 0 || 1
  const n = shape.reduce((a, b) => a * b, 1)
  const values: number[] = []
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0
    values.push(((s >>> 8) / 0x800000) * 2 - 1)
  }
  return { shape, values }
}

export function ints(shape: number[], values: number[]): Plain {
  return { shape, values, dtype: 'int32' }
}

const toTensor = (p: Plain) => tf.tensor(p.values, p.shape, p.dtype ?? 'float32')

/**
 * Gradients of f at `inputs` (w.r.t. the first `wrt` of them, default all) for a random
 * upstream gradient, computed on `backend` and returned as plain arrays. Also checks that the
 * call leaves no engine tensor and no backend buffer behind.
 */
export async function gradsOn(
  backend: 'cpu' | 'wasm',
  inputs: Plain[],
  f: (...xs: tf.Tensor[]) => tf.Tensor,
  wrt = inputs.length,
): Promise<number[][]> {
  await tf.setBackend(backend)
  const xs = inputs.map(toTensor)
  const outShape = tf.tidy(() => f(...xs).shape)
  const dy = toTensor(random(outShape, 7))
  const tensorsBefore = tf.memory().numTensors
  const buffersBefore = tf.engine().backend.numDataIds()
  const result = tf.tidy(() => {
    const g = tf.grads((...vars: tf.Tensor[]) => f(...vars, ...xs.slice(wrt)))
    return g(xs.slice(0, wrt), dy).map((t) => Array.from(t.dataSync()))
  })
  expect(tf.memory().numTensors).toBe(tensorsBefore)
  expect(tf.engine().backend.numDataIds()).toBe(buffersBefore)
  tf.dispose([...xs, dy])
  return result
}

/** max |a−b| / max |b|: relative to the gradient's scale, so tiny entries do not blow it up. */
export function relError(a: number[], b: number[]): number {
  expect(a.length).toBe(b.length)
  let diff = 0
  let scale = 0
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i])) return Infinity
    diff = Math.max(diff, Math.abs(a[i] - b[i]))
    scale = Math.max(scale, Math.abs(b[i]))
  }
  return scale === 0 ? diff : diff / scale
}

/** Runs f's gradients on wasm and cpu and asserts they agree (and are not all zero). */
export async function expectSameGrads(
  inputs: Plain[],
  f: (...xs: tf.Tensor[]) => tf.Tensor,
  wrt = inputs.length,
): Promise<void> {
  const wasm = await gradsOn('wasm', inputs, f, wrt)
  const cpu = await gradsOn('cpu', inputs, f, wrt)
  expect(wasm.length).toBe(cpu.length)
  for (let i = 0; i < cpu.length; i++) {
    expect(cpu[i].some((v) => v !== 0)).toBe(true)
    expect(relError(wasm[i], cpu[i]), `gradient #${i}`).toBeLessThan(1e-4)
  }
}

/** f's outputs on `backend` as plain arrays with shapes; also checks that nothing is left behind. */
async function outputsOn(
  backend: 'cpu' | 'wasm',
  shape: number[],
  dtype: 'float32' | 'int32' | 'bool',
  f: (x: tf.Tensor) => tf.Tensor[],
) {
  await tf.setBackend(backend)
  const values = random(shape, 3).values.map((v) =>
    dtype === 'int32' ? Math.round(v * 100) : dtype === 'bool' ? Number(v > 0) : v,
  )
  const x = tf.tensor(values, shape, dtype)
  const tensorsBefore = tf.memory().numTensors
  const buffersBefore = tf.engine().backend.numDataIds()
  const out = tf.tidy(() => f(x).map((t) => ({ shape: t.shape, values: Array.from(t.dataSync()) })))
  expect(tf.memory().numTensors).toBe(tensorsBefore)
  expect(tf.engine().backend.numDataIds()).toBe(buffersBefore)
  x.dispose()
  return out
}

/** Runs f on wasm and cpu for one input of `shape` and asserts identical outputs. */
export async function expectSameOutputs(
  shape: number[],
  f: (x: tf.Tensor) => tf.Tensor[],
  dtype: 'float32' | 'int32' | 'bool' = 'float32',
): Promise<void> {
  const wasm = await outputsOn('wasm', shape, dtype, f)
  const cpu = await outputsOn('cpu', shape, dtype, f)
  await tf.setBackend('wasm')
  expect(wasm).toEqual(cpu)
}
