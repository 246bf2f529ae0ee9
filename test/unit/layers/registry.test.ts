/**
 * Table-driven checks over every registry entry: a new layer type without cases here fails the
 * coverage test. For every case the registry's shape and parameter arithmetic must match what
 * tfjs builds, and a forward pass must produce that shape.
 */
import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { getLayer, layerKinds } from '../../../engine/layers'
import { resolveParams } from '../../../engine/layers/resolve'
import { checked } from './build'
import { REGISTRY_CASES as CASES } from './registry-cases'

describe('layer registry', () => {
  it('has test cases for exactly the registered kinds, each with a default-params case', () => {
    expect(Object.keys(CASES).sort()).toEqual(layerKinds().sort())
    for (const [kind, cases] of Object.entries(CASES))
      expect(
        cases.some((c) => !c.params),
        `${kind} needs a case with default params`,
      ).toBe(true)
  })

  it('uses each kind as its registry key', () => {
    for (const kind of layerKinds()) expect(getLayer(kind)!.kind).toBe(kind)
  })

  it.each(layerKinds())('%s: defaults pass resolveParams', (kind) => {
    const r = resolveParams(getLayer(kind)!, {})
    expect(r.ok, JSON.stringify(r)).toBe(true)
  })

  const all = Object.entries(CASES).flatMap(([kind, cases]) =>
    cases.map((c, i) => ({ label: `${kind} #${i + 1} ${JSON.stringify(c.params ?? {})}`, kind, c })),
  )

  it.each(all)('$label: shape and parameter counts match tfjs, forward pass runs', ({ kind, c }) => {
    const b = checked(kind, c.params ?? {}, c.inputs, c.dtype)
    const feeds = b.model.inputs.map((t, i) =>
      (Array.isArray(c.dtype) ? c.dtype[i] : c.dtype) === 'int32'
        ? tf.zeros([2, ...(t.shape.slice(1) as number[])], 'int32')
        : c.positive
          ? tf.randomUniform([2, ...(t.shape.slice(1) as number[])], 0.5, 2, 'float32', 3)
          : tf.randomNormal([2, ...(t.shape.slice(1) as number[])], 0, 1, 'float32', 3),
    )
    const y = b.model.predict(feeds) as tf.Tensor
    expect(y.shape).toEqual([2, ...b.outputShape])
    expect(Array.from(y.dataSync()).every(Number.isFinite), 'outputs are finite').toBe(true)
    tf.dispose([...feeds, y])
    b.model.dispose()
  })
})
