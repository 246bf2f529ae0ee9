/**
 * Every registry layer trains on webgpu: the gradient of Σ output·dy with respect to each
 * trainable weight and float input, computed on webgpu, matches the cpu backend's. Shapes are
 * the registry table's default case at batch 2 (SwiftShader runs shaders on the CPU, slowly).
 */
import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { initBackend } from '../../engine/backend/select'
import { layerKinds } from '../../engine/layers'
import { relError } from '../unit/backend/helpers'
import { checked } from '../unit/layers/build'
import { REGISTRY_CASES } from '../unit/layers/registry-cases'
import { useSoftwareGpu } from './software-gpu'

useSoftwareGpu()

/** Gradients of Σ output·dy w.r.t. every trainable weight and float input, on one backend. */
async function gradients(
  backend: 'cpu' | 'webgpu',
  model: tf.LayersModel,
  feeds: tf.Tensor[],
  dy: tf.Tensor,
) {
  await tf.setBackend(backend)
  const inputs = feeds.map((t) => (t.dtype === 'float32' ? tf.variable(t.clone()) : t.clone()))
  const vars = [
    ...model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val),
    ...inputs.filter((t): t is tf.Variable => t instanceof tf.Variable),
  ]
  const { value, grads } = tf.variableGrads(() => {
    const y = model.apply(inputs, { training: false }) as tf.Tensor
    return tf.sum(tf.mul(y, dy)) as tf.Scalar
  }, vars)
  const out: number[][] = []
  for (const v of vars) out.push(Array.from(await grads[v.name].data()))
  tf.dispose([value, ...Object.values(grads), ...inputs])
  return out
}

// Input has no incoming tensor to differentiate; AnchorBoxes' output depends on its input's shape
// alone (fixed boxes); OneHot takes integer ids and has no trainable weights (its lookup is the
// Embedding's gather, checked there); every other kind has a default case
const cases = layerKinds()
  .filter((kind) => kind !== 'Input' && kind !== 'AnchorBoxes' && kind !== 'OneHot')
  .map((kind) => ({ kind, c: REGISTRY_CASES[kind][0] }))

describe('every registry layer trains on webgpu', () => {
  beforeAll(async () => {
    expect((await initBackend(tf, 'webgpu')).name).toBe('webgpu')
  })

  it.each(cases)('$kind: webgpu gradients match cpu', async ({ kind, c }) => {
    // built and fed on cpu: data moves to webgpu by upload, while the way back would need a
    // synchronous read, which webgpu cannot do in Node
    await tf.setBackend('cpu')
    const b = checked(kind, c.params ?? {}, c.inputs, c.dtype)
    const dtypeOf = (i: number) => (Array.isArray(c.dtype) ? c.dtype[i] : (c.dtype ?? 'float32'))
    const feeds = b.model.inputs.map((t, i) => {
      const shape = [2, ...(t.shape.slice(1) as number[])]
      const n = shape.reduce((a, d) => a * d, 1)
      // token ids spread over a small vocabulary, with 0 (padding) among them
      return dtypeOf(i) === 'int32'
        ? tf.tensor(
            Array.from({ length: n }, (_, j) => (j * 7) % 5),
            shape,
            'int32',
          )
        : tf.randomUniform(shape, c.positive ? 0.5 : -1, c.positive ? 2 : 1, 'float32', 5 + i)
    })
    const dy = tf.randomUniform([2, ...b.outputShape], -1, 1, 'float32', 99)
    const cpu = await gradients('cpu', b.model, feeds, dy)
    const gpu = await gradients('webgpu', b.model, feeds, dy)
    expect(gpu.length).toBe(cpu.length)
    expect(
      cpu.some((g) => g.some((v) => v !== 0)),
      `${kind} has a gradient to compare`,
    ).toBe(true)
    const names = b.model.trainableWeights.map((w) => w.originalName)
    cpu.forEach((g, i) => {
      const label = `${kind}: gradient of ${names[i] ?? `input ${i - names.length}`}`
      // the attention key bias cancels in softmax: both backends only have to agree it is ~0
      if (g.every((v) => Math.abs(v) < 1e-5)) {
        for (const v of gpu[i]) expect(Math.abs(v), label).toBeLessThan(1e-5)
        return
      }
      expect(relError(gpu[i], g), label).toBeLessThan(1e-4)
    })
    tf.dispose([...feeds, dy])
    b.model.dispose()
  })
})
