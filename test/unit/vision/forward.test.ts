/**
 * Every vision preset builds and runs a forward pass at its configured input size on the wasm
 * backend, and the input size can be changed: the engine names the layer that no longer fits.
 */
import { describe, expect, it } from 'vitest'
import { initBackend } from '../../../engine/backend/select'
import { compile } from '../../../engine/compile/compile'
import type { GraphDocInput } from '../../../engine/graph/schema'
import { tf } from '../../helpers/train'
import { VISION_PRESETS, analyzed, presetDoc, withInputSize } from './presets'

// Drawing AlexNet's and VGG's ~40M / ~120M random dense weights takes most of a test's time on
// one core; zero dense layers still check the shapes, and the convolutions keep random weights.
const zeroDense = (doc: GraphDocInput): GraphDocInput => ({
  ...doc,
  nodes: doc.nodes.map((n) => (n.type === 'Dense' ? { ...n, init: 'zeros' } : n)),
})

async function forward(doc: GraphDocInput) {
  await initBackend(tf, 'wasm')
  const { analysis } = analyzed(zeroDense(doc))
  expect(analysis.errors).toEqual([])
  const { model } = compile(tf, analysis, { seed: 1 })
  const input = analysis.order.find((n) => n.id === analysis.inputs[0])!.outputShape
  const x = tf.randomUniform([1, ...input], 0, 1, 'float32', 7)
  const y = model.predict(x) as tf.Tensor
  const values = await y.data()
  const shape = y.shape.slice(1)
  tf.dispose([x, y])
  model.dispose()
  return { shape, finite: values.every(Number.isFinite), analysis }
}

describe('vision presets on wasm', () => {
  for (const name of VISION_PRESETS)
    it(`${name}: forward pass at the configured size`, async () => {
      const r = await forward(presetDoc(name))
      const expected = r.analysis.order.find((n) => n.id === r.analysis.outputs[0])!.outputShape
      expect(r.shape).toEqual(expected)
      expect(r.finite).toBe(true)
    })
})

describe('changing the input size', () => {
  it('AlexNet at 28×28 fails at the pooling layer that no longer fits', () => {
    const { analysis } = analyzed(withInputSize(presetDoc('alexnet'), 28))
    expect(analysis.ok).toBe(false)
    // 28 → conv1 (11×11/4, pad 1) 5 → pool1 (3×3/2) 2 → conv2 2 → pool2's 3×3 window does not fit
    expect(analysis.errors[0]).toMatchObject({ nodeId: 'pool2' })
    expect(analysis.errors[0].message).toMatch(/pool 3×3 is larger than the 2×2 input/)
  })

  it('ResNet-18 at 64×64 keeps its parameters and runs (global pooling absorbs the size)', async () => {
    const doc = withInputSize(presetDoc('resnet18'), 64)
    const r = await forward(doc)
    expect(r.analysis.totals.trainableParams).toBe(11_178_378)
    expect(r.analysis.summary.get('stage5')!.outputShape).toEqual([2, 2, 512])
    expect(r.shape).toEqual([10])
  })
})
