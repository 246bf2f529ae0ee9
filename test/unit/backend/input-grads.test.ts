import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  clearInputGradientPlans,
  inputGradientInterior,
  inputGradientUnneeded,
  planInputGradients,
} from '../../../engine/backend/input-grads'
import { registerWasmTrainingKernels } from '../../../engine/backend/wasm-kernels'
import { random, relError } from './helpers'

beforeAll(async () => {
  registerWasmTrainingKernels(tf)
  expect(await tf.setBackend('wasm')).toBe(true)
})
afterEach(() => clearInputGradientPlans())

const data = (shape: number[], seed: number) => tf.tensor(random(shape, seed).values, shape)

function convNet(): tf.LayersModel {
  const m = tf.sequential()
  m.add(tf.layers.conv2d({ inputShape: [7, 7, 2], filters: 3, kernelSize: 3, strides: 2, padding: 'same' }))
  m.add(tf.layers.depthwiseConv2d({ kernelSize: 2, depthMultiplier: 2 }))
  m.add(tf.layers.conv2d({ filters: 4, kernelSize: 2 }))
  m.add(tf.layers.flatten())
  m.add(tf.layers.dense({ units: 3 }))
  return m
}

/** PyTorch-style padded convolutions, as the engine builds them: ZeroPadding2D, then 'valid'. */
function padded(): tf.LayersModel {
  const m = tf.sequential()
  m.add(tf.layers.conv2d({ inputShape: [7, 7, 2], filters: 3, kernelSize: 2 }))
  m.add(tf.layers.zeroPadding2d({ padding: [1, 1] }))
  m.add(tf.layers.conv2d({ filters: 4, kernelSize: 3 }))
  m.add(
    tf.layers.zeroPadding2d({
      padding: [
        [1, 0],
        [0, 2],
      ],
    }),
  )
  m.add(tf.layers.conv2d({ filters: 3, kernelSize: 3, strides: 2 }))
  m.add(
    tf.layers.zeroPadding2d({
      padding: [
        [2, 2],
        [2, 2],
      ],
    }),
  )
  m.add(tf.layers.conv2d({ filters: 2, kernelSize: 2, strides: 2 }))
  m.add(tf.layers.flatten())
  m.add(tf.layers.dense({ units: 3 }))
  return m
}

function depthwiseFirst(): tf.LayersModel {
  const m = tf.sequential()
  m.add(tf.layers.depthwiseConv2d({ inputShape: [6, 6, 2], kernelSize: 3, depthMultiplier: 2 }))
  m.add(tf.layers.flatten())
  m.add(tf.layers.dense({ units: 5 }))
  m.add(tf.layers.dense({ units: 3 }))
  return m
}

/** Gradients of a squared-error loss on `backend`; with `mark`, also the names of marked weights. */
async function grads(backend: 'cpu' | 'wasm', build: () => tf.LayersModel, mark: boolean) {
  await tf.setBackend(backend)
  const model = build()
  // identical weights on both backends, whatever the initialisers drew
  model.weights.forEach((w, i) => w.write(data(w.shape as number[], 10 + i)))
  const inShape = [3, ...(model.inputs[0].shape.slice(1) as number[])]
  const x = data(inShape, 1)
  const y = data([3, 3], 2)
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable)
  const marked: string[] = []
  const interiors: string[] = []
  const { grads: g, value } = tf.variableGrads(() => {
    const l = tf.losses.meanSquaredError(y, model.apply(x) as tf.Tensor) as tf.Scalar
    if (mark) {
      planInputGradients(tf, vars)
      for (const w of model.trainableWeights) {
        if (inputGradientUnneeded(w.read())) marked.push(w.originalName)
        const interior = inputGradientInterior(w.read())
        if (interior) interiors.push(`${w.originalName} ${JSON.stringify(interior)}`)
      }
    }
    return l
  }, vars)
  clearInputGradientPlans()
  const out = vars.map((v) => Array.from(g[v.name].dataSync()))
  tf.dispose([x, y, value, ...Object.values(g)])
  model.dispose()
  return { out, marked, interiors }
}

describe('the input gradient of a first layer is skipped', () => {
  // tfjs-layers runs depthwise convolutions unfused: their gradients are lazy, nothing to mark
  it.each([
    ['conv → depthwise → conv → dense', convNet, ['conv2d_Conv2D/kernel']],
    ['depthwise → dense → dense', depthwiseFirst, []],
  ])(
    '%s: marks the first conv only, and the gradients stay those of the cpu backend',
    async (_, build, first) => {
      const wasm = await grads('wasm', build, true)
      // layer names carry a per-process counter
      expect(wasm.marked.map((n) => n.replace(/\d+\//, '/'))).toEqual(first)
      const cpu = await grads('cpu', build, false)
      for (let i = 0; i < cpu.out.length; i++) {
        expect(cpu.out[i].some((v) => v !== 0)).toBe(true)
        expect(relError(wasm.out[i], cpu.out[i]), `gradient #${i}`).toBeLessThan(1e-4)
      }
      await tf.setBackend('wasm')
    },
  )

  it('marks a dense layer fed by data', async () => {
    const mlp = () => {
      const m = tf.sequential()
      m.add(tf.layers.flatten({ inputShape: [2, 3] }))
      m.add(tf.layers.dense({ units: 4, activation: 'relu' }))
      m.add(tf.layers.dense({ units: 3 }))
      return m
    }
    const wasm = await grads('wasm', mlp, true)
    // the relu layer is unfused while taking gradients: its gradient is lazy anyway
    expect(wasm.marked).toEqual([])
    const linear = () => {
      const m = tf.sequential()
      m.add(tf.layers.dense({ inputShape: [6], units: 4 }))
      m.add(tf.layers.dense({ units: 3 }))
      return m
    }
    const marked = await grads('wasm', linear, true)
    expect(marked.marked).toHaveLength(1)
    const cpu = await grads('cpu', linear, false)
    for (let i = 0; i < cpu.out.length; i++) expect(relError(marked.out[i], cpu.out[i])).toBeLessThan(1e-4)
    await tf.setBackend('wasm')
  })

  it('skips the input gradient of a fused depthwise convolution on data', async () => {
    const w = tf.variable(data([2, 2, 3, 2], 5))
    const x = data([2, 5, 5, 3], 6)
    const f = (v: tf.Tensor4D) =>
      tf.sum(tf.square(tf.fused.depthwiseConv2d({ x: x as tf.Tensor4D, filter: v, strides: 1, pad: 'same' })))
    const { grads: g, value } = tf.variableGrads(() => {
      const l = f(w as tf.Variable<tf.Rank.R4>)
      planInputGradients(tf, [w])
      expect(inputGradientUnneeded(w)).toBe(true)
      return l as tf.Scalar
    }, [w])
    clearInputGradientPlans()
    const wasm = Array.from(g[w.name].dataSync())
    const cpu = tf.tidy(() =>
      Array.from(
        tf
          .grad((v) => f(v as tf.Tensor4D))(w)
          .dataSync(),
      ),
    )
    expect(relError(wasm, cpu)).toBeLessThan(1e-5)
    tf.dispose([w, x, value, g[w.name]])
  })

  it('computes the input gradient of a convolution on a padded input only inside the padding', async () => {
    const wasm = await grads('wasm', padded, true)
    // layer names carry a per-process counter
    expect(wasm.interiors.map((n) => n.replace(/\d+\//, '/'))).toEqual([
      'conv2d_Conv2D/kernel {"begin":[1,1],"size":[6,6]}',
      'conv2d_Conv2D/kernel {"begin":[1,0],"size":[6,6]}',
      'conv2d_Conv2D/kernel {"begin":[2,2],"size":[3,3]}',
    ])
    const cpu = await grads('cpu', padded, false)
    for (let i = 0; i < cpu.out.length; i++) {
      expect(cpu.out[i].some((v) => v !== 0)).toBe(true)
      expect(relError(wasm.out[i], cpu.out[i]), `gradient #${i}`).toBeLessThan(1e-4)
    }
    await tf.setBackend('wasm')
  })

  it('does not mark a weight that is also used on a variable-dependent input', async () => {
    const w = tf.variable(data([3, 3], 5))
    const x = data([2, 3], 6)
    const { grads: g, value } = tf.variableGrads(() => {
      const h = tf.fused.matMul({ a: x, b: w })
      const l = tf.sum(tf.square(tf.fused.matMul({ a: h, b: w })))
      planInputGradients(tf, [w])
      expect(inputGradientUnneeded(w)).toBe(false)
      return l as tf.Scalar
    }, [w])
    clearInputGradientPlans()
    const wasm = Array.from(g[w.name].dataSync())
    const cpu = tf.tidy(() => {
      const f = (v: tf.Tensor) => tf.sum(tf.square(tf.matMul(tf.matMul(x, v), v)))
      return Array.from(tf.grad(f)(w).dataSync())
    })
    expect(relError(wasm, cpu)).toBeLessThan(1e-5)
    tf.dispose([w, x, value, g[w.name]])
  })
})
