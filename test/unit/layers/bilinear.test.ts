/**
 * The 'bilinear' initialiser: the course's bilinear_kernel values, and a transposed convolution
 * that starts out as bilinear upsampling.
 */
import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { analyze } from '../../../engine/graph/analyze'
import { parseGraph } from '../../../engine/graph/parse'
import { bilinearKernel, bilinearTaps } from '../../../engine/layers/bilinear'
import { chain } from '../../helpers/graph'
import { build } from './build'

describe("the 'bilinear' initialiser", () => {
  it("has the course's tent taps: factor ⌈k/2⌉, centre on a pixel (odd k) or between two (even k)", () => {
    expect(bilinearTaps(4)).toEqual([0.25, 0.75, 0.75, 0.25])
    expect(bilinearTaps(3)).toEqual([0.5, 1, 0.5])
    expect(bilinearTaps(1)).toEqual([1])
    // FCN's stride-32 layer: factor 32, centre 31.5
    const t64 = bilinearTaps(64)
    expect([t64[0], t64[31], t64[32], t64[63]]).toEqual([1 / 64, 63 / 64, 63 / 64, 1 / 64])
  })

  it('puts the 2-D tent on the channel diagonal of the [kh, kw, out, in] kernel, zero elsewhere', () => {
    const w = bilinearKernel([4, 4, 2, 2])
    const at = (i: number, j: number, o: number, c: number) => w[((i * 4 + j) * 2 + o) * 2 + c]
    // bilinear_kernel(2, 2, 4)[c, c] is the outer product of [0.25, 0.75, 0.75, 0.25] with itself
    expect(at(0, 0, 0, 0)).toBe(0.0625)
    expect(at(1, 2, 1, 1)).toBe(0.5625)
    expect(at(0, 3, 1, 1)).toBe(0.0625)
    expect(at(1, 1, 0, 1)).toBe(0)
    expect(at(1, 1, 1, 0)).toBe(0)
  })

  it('initialises a built Conv2DTranspose with those values', () => {
    const { model } = build(
      'Conv2DTranspose',
      { filters: 3, kernelSize: 4, strides: 2, padding: 1, useBias: false },
      [[5, 6, 3]],
      'float32',
      'bilinear',
    )
    const kernel = model.trainableWeights.find((v) => v.originalName.endsWith('kernel'))!
    expect(kernel.shape).toEqual([4, 4, 3, 3])
    expect(Array.from(kernel.read().dataSync())).toEqual(Array.from(bilinearKernel([4, 4, 3, 3])))
  })

  it('stride 2, kernel 4, padding 1: upsamples ×2 as bilinear interpolation does, away from the border', () => {
    const { model } = build(
      'Conv2DTranspose',
      { filters: 3, kernelSize: 4, strides: 2, padding: 1, useBias: false },
      [[5, 6, 3]],
      'float32',
      'bilinear',
    )
    const x = tf.randomUniform([1, 5, 6, 3], 0, 1, 'float32', 3)
    const y = model.predict(x) as tf.Tensor4D
    expect(y.shape).toEqual([1, 10, 12, 3])
    // half-pixel centres, as resize functions sample; the border rows and columns see the zero padding
    const want = tf.image.resizeBilinear(x as tf.Tensor4D, [10, 12], false, true)
    const inner = (t: tf.Tensor4D) => Array.from(t.slice([0, 1, 1, 0], [1, 8, 10, 3]).dataSync())
    const got = inner(y)
    inner(want).forEach((v, i) => expect(got[i]).toBeCloseTo(v, 5))
    // and the border really differs: the check above is not vacuous
    expect(Math.abs(y.dataSync()[0] - want.dataSync()[0])).toBeGreaterThan(1e-3)
  })

  it('is refused on any layer but Conv2DTranspose, naming the node', () => {
    const g = chain([8, 8, 3], { type: 'Conv2D', params: { filters: 4 } })
    g.nodes[1] = { ...g.nodes[1], init: 'bilinear' } as (typeof g.nodes)[number]
    const p = parseGraph(g)
    if (!p.ok) throw new Error(p.errors[0].message)
    const a = analyze(p.doc)
    expect(a.errors.map((e) => [e.nodeId, e.message])).toEqual([
      ['l1', 'the bilinear initialiser applies to Conv2DTranspose only, not to Conv2D'],
    ])
  })
})
