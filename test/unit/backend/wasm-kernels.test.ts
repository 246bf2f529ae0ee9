import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'
import { beforeAll, describe, expect, it } from 'vitest'
import { registerWasmTrainingKernels, wasmTrainingKernelNames } from '../../../engine/backend/wasm-kernels'
import { expectSameGrads, gradsOn, ints, random, relError } from './helpers'

type Pad =
  'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]]
type Stride = number | [number, number]

beforeAll(async () => {
  registerWasmTrainingKernels(tf)
  expect(await tf.setBackend('wasm')).toBe(true)
})

describe('registerWasmTrainingKernels', () => {
  it('registers every missing training kernel once', () => {
    for (const name of wasmTrainingKernelNames) expect(tf.getKernel(name, 'wasm'), name).toBeDefined()
    expect(registerWasmTrainingKernels(tf)).toEqual([])
  })
})

describe('Conv2DBackpropFilter', () => {
  const cases: Array<[number[], number[], Stride, Pad]> = [
    [[2, 9, 7, 3], [3, 3, 3, 4], 1, 'same'],
    [[2, 9, 7, 3], [3, 3, 3, 4], 2, 'valid'],
    [[3, 8, 10, 2], [3, 2, 2, 5], 2, 'same'],
    [[2, 10, 9, 4], [4, 3, 4, 2], [2, 3], 'same'],
    [[2, 11, 8, 1], [5, 5, 1, 6], 1, 'valid'],
    [[4, 6, 6, 5], [1, 1, 5, 3], 1, 'valid'],
    [[2, 7, 9, 2], [3, 3, 2, 3], 2, 1],
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
    [[8, 28, 28, 1], [5, 5, 1, 6], 1, 'same'],
  ]
  for (const [xShape, fShape, stride, pad] of cases) {
    it(`conv2d x${xShape} f${fShape} stride ${stride} pad ${JSON.stringify(pad)}`, async () => {
      await expectSameGrads([random(xShape, 1), random(fShape, 2)], (x, f) =>
        tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, stride, pad),
      )
    })
  }

  it('conv1d, strided and dense', async () => {
    await expectSameGrads([random([3, 20, 3], 3), random([5, 3, 4], 4)], (x, f) =>
      tf.conv1d(x as tf.Tensor3D, f as tf.Tensor3D, 2, 'same'),
    )
    await expectSameGrads([random([2, 17, 2], 5), random([4, 2, 3], 6)], (x, f) =>
      tf.conv1d(x as tf.Tensor3D, f as tf.Tensor3D, 1, 'valid'),
    )
  })

  it('conv2dTranspose w.r.t. its filter', async () => {
    await expectSameGrads([random([2, 5, 4, 4], 8), random([3, 3, 3, 4], 9)], (x, f) =>
      tf.conv2dTranspose(x as tf.Tensor4D, f as tf.Tensor4D, [2, 10, 8, 3], 2, 'same'),
    )
  })
})

describe('DepthwiseConv2dNativeBackprop{Input,Filter}', () => {
  const cases: Array<[number[], number[], Stride, Pad]> = [
    [[2, 9, 8, 3], [3, 3, 3, 1], 1, 'same'],
    [[2, 9, 8, 3], [3, 3, 3, 2], 2, 'same'],
    [[2, 8, 8, 2], [2, 2, 2, 2], 2, 'same'],
    [[2, 9, 8, 3], [3, 3, 3, 2], 2, 'valid'],
    [[2, 11, 7, 2], [5, 3, 2, 3], 1, 'valid'],
    [[3, 10, 9, 4], [3, 3, 4, 1], [1, 2], 'same'],
    [
      [2, 6, 7, 2],
      [3, 3, 2, 2],
      1,
      [
        [0, 0],
        [3, 0],
        [1, 2],
        [0, 0],
      ],
    ],
  ]
  for (const [xShape, fShape, stride, pad] of cases) {
    it(`depthwiseConv2d x${xShape} f${fShape} stride ${stride} pad ${JSON.stringify(pad)}`, async () => {
      await expectSameGrads([random(xShape, 10), random(fShape, 11)], (x, f) =>
        tf.depthwiseConv2d(x as tf.Tensor4D, f as tf.Tensor4D, stride, pad),
      )
    })
  }

  it('separableConv2d w.r.t. input, depthwise and pointwise filters', async () => {
    const inputs = [random([2, 8, 9, 3], 12), random([3, 3, 3, 2], 13), random([1, 1, 6, 4], 14)]
    await expectSameGrads(inputs, (x, d, p) =>
      tf.separableConv2d(x as tf.Tensor4D, d as tf.Tensor4D, p as tf.Tensor4D, 2, 'same'),
    )
  })
})

describe('UnsortedSegmentSum', () => {
  it('gather (embedding lookup) gradient w.r.t. params, repeated ids, axis 0 and 1', async () => {
    const ids = ints([2, 5], [3, 0, 3, 9, 1, 3, 7, 0, 9, 2])
    await expectSameGrads([random([10, 4], 15), ids], (p, i) => tf.gather(p, i as tf.Tensor2D), 1)
    const cols = ints([4], [2, 0, 2, 1])
    await expectSameGrads([random([3, 5, 2], 16), cols], (p, i) => tf.gather(p, i as tf.Tensor1D, 1), 1)
  })

  it('drops out-of-range ids and keeps int32 data', async () => {
    const run = async (backend: 'cpu' | 'wasm') => {
      await tf.setBackend(backend)
      return tf.tidy(() => {
        const x = tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8], [4, 2], 'int32')
        const out = tf.unsortedSegmentSum(x, tf.tensor1d([1, -1, 1, 5], 'int32'), 3)
        return { dtype: out.dtype, values: Array.from(out.dataSync()) }
      })
    }
    const wasm = await run('wasm')
    // TF keeps the data's dtype; tfjs-cpu returns float32 here, so only the values are compared.
    expect(wasm).toEqual({ dtype: 'int32', values: [0, 0, 6, 8, 0, 0] })
    expect(wasm.values).toEqual((await run('cpu')).values)
  })
})

describe('a tiny model trains on wasm like on cpu', () => {
  function build(): tf.LayersModel {
    const image = tf.input({ shape: [8, 8, 2] })
    const conv = tf.layers.conv2d({ filters: 3, kernelSize: 3, padding: 'same', activation: 'relu' })
    const depthwise = tf.layers.depthwiseConv2d({
      kernelSize: 3,
      depthMultiplier: 2,
      strides: 2,
      padding: 'same',
    })
    const tokens = tf.input({ shape: [5], dtype: 'int32' })
    const embedding = tf.layers.embedding({ inputDim: 12, outputDim: 4 })
    const seen = tf.layers.flatten().apply(depthwise.apply(conv.apply(image))) as tf.SymbolicTensor
    const read = tf.layers.flatten().apply(embedding.apply(tokens)) as tf.SymbolicTensor
    const merged = tf.layers.concatenate().apply([seen, read]) as tf.SymbolicTensor
    const output = tf.layers.dense({ units: 3 }).apply(merged) as tf.SymbolicTensor
    return tf.model({ inputs: [image, tokens], outputs: output })
  }

  /** Weight updates of one SGD step, as plain arrays. */
  async function stepOn(backend: 'cpu' | 'wasm'): Promise<number[][]> {
    await tf.setBackend(backend)
    const model = build()
    const before = model.getWeights().map((w, i) => random(w.shape, 100 + i))
    model.setWeights(before.map((p) => tf.tensor(p.values, p.shape)))
    const image = tf.tensor4d(random([4, 8, 8, 2], 20).values, [4, 8, 8, 2])
    const tokens = tf.tensor2d(
      [1, 5, 5, 11, 0, 2, 2, 2, 7, 3, 9, 1, 0, 0, 4, 6, 10, 8, 5, 1],
      [4, 5],
      'int32',
    )
    const target = tf.tensor2d(random([4, 3], 21).values, [4, 3])
    tf.train
      .sgd(0.1)
      .minimize(() => tf.losses.meanSquaredError(target, model.apply([image, tokens]) as tf.Tensor))
    const deltas = model
      .getWeights()
      .map((w, i) => Array.from(w.dataSync()).map((v, j) => v - before[i].values[j]))
    tf.dispose([image, tokens, target])
    model.dispose()
    return deltas
  }

  it('one optimizer.minimize step matches', async () => {
    const wasm = await stepOn('wasm')
    const cpu = await stepOn('cpu')
    expect(wasm.length).toBe(cpu.length)
    for (let i = 0; i < cpu.length; i++) {
      expect(cpu[i].some((v) => v !== 0)).toBe(true)
      expect(relError(wasm[i], cpu[i]), `weight #${i}`).toBeLessThan(1e-4)
    }
  })
})

describe('comparison harness', () => {
  it('notices a wrong gradient', async () => {
    const [good] = await gradsOn('wasm', [random([6], 30)], (x) => tf.square(x))
    const [bad] = await gradsOn('wasm', [random([6], 30)], (x) => tf.mul(tf.square(x), 1.001))
    expect(relError(bad, good)).toBeGreaterThan(1e-4)
  })
})
