/**
 * Forward values where Deepwire deliberately departs from tfjs defaults to match PyTorch, and a
 * save/reload round trip for the custom layers.
 */
import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { registerCustomLayers } from '../../../engine/layers'
import { build } from './build'

/** Runs one layer on a batch of one sample. */
function run(
  kind: string,
  params: Record<string, unknown>,
  sample: number[][] | number[][][],
  shape: number[],
) {
  const b = build(kind, params, [shape])
  const x = tf.tensor([sample] as number[][][], [1, ...shape])
  const y = b.model.predict(x) as tf.Tensor
  const out = { values: Array.from(y.dataSync()), shape: y.shape.slice(1) }
  tf.dispose([x, y])
  b.model.dispose()
  return out
}

/** PyTorch's conv_transpose2d for one input and one output channel, cropped by `pad` on each side. */
function refTranspose(x: number[][], w: number[][], s: number, pad: number, bias: number): number[][] {
  const [h, wd] = [x.length, x[0].length]
  const [kh, kw] = [w.length, w[0].length]
  const full = Array.from({ length: (h - 1) * s + kh }, () => new Array<number>((wd - 1) * s + kw).fill(bias))
  for (let i = 0; i < h; i++)
    for (let j = 0; j < wd; j++)
      for (let a = 0; a < kh; a++)
        for (let b = 0; b < kw; b++) full[i * s + a][j * s + b] += x[i][j] * w[a][b]
  return full.slice(pad, full.length - pad).map((r) => r.slice(pad, r.length - pad))
}

describe('numerics', () => {
  it('pads max pooling with −∞ like PyTorch, so negative inputs are not beaten by the pad', () => {
    const sample = [
      [[-1], [-2]],
      [[-3], [-4]],
    ]
    const { values, shape } = run('MaxPool2D', { poolSize: 2, strides: 1, padding: 1 }, sample, [2, 2, 1])
    expect(shape).toEqual([3, 3, 1])
    expect(values).toEqual([-1, -1, -2, -1, -1, -2, -3, -3, -4])
  })

  it('counts the zero padding in the average, like PyTorch’s count_include_pad=True', () => {
    const sample = [
      [[1], [1]],
      [[1], [1]],
    ]
    const { values } = run('AvgPool2D', { poolSize: 2, strides: 1, padding: 1 }, sample, [2, 2, 1])
    expect(values).toEqual([0.25, 0.5, 0.25, 0.5, 1, 0.5, 0.25, 0.5, 0.25])
  })

  it.each([
    { k: 3, s: 2, p: 1 },
    { k: 4, s: 2, p: 1 },
    { k: 2, s: 3, p: 0 },
    { k: 1, s: 3, p: 1 },
  ])('matches PyTorch’s ConvTranspose2d for kernel $k, stride $s, padding $p', ({ k, s, p }) => {
    const b = build('Conv2DTranspose', { filters: 1, kernelSize: k, strides: s, padding: p }, [[3, 3, 1]])
    const x = [
      [1, 2, -1],
      [0.5, -2, 3],
      [2, 1, 1],
    ]
    const w = Array.from({ length: k }, (_, a) =>
      Array.from({ length: k }, (_, c) => (a + 1) * 0.5 - c * 0.25),
    )
    const deconv = b.model.layers.find((l) => l.getClassName() === 'Conv2DTranspose')!
    deconv.setWeights([tf.tensor4d(w.flat(), [k, k, 1, 1]), tf.tensor1d([0.1])])
    const y = b.model.predict(tf.tensor4d(x.flat(), [1, 3, 3, 1])) as tf.Tensor
    const want = refTranspose(x, w, s, p, 0.1)
    expect(y.shape).toEqual([1, want.length, want[0].length, 1])
    const got = Array.from(y.dataSync())
    want.flat().forEach((v, i) => expect(got[i]).toBeCloseTo(v, 5))
    b.model.dispose()
  })

  it('uses ELU with a non-default alpha', () => {
    const { values } = run('ELU', { alpha: 0.5 }, [[-1, 0, 2]], [1, 3])
    expect(values[0]).toBeCloseTo(0.5 * (Math.exp(-1) - 1), 6)
    expect(values.slice(1)).toEqual([0, 2])
  })

  it('starts PReLU at PyTorch’s slope 0.25', () => {
    const { values } = run('PReLU', {}, [[-4, 4]], [1, 2])
    expect(values).toEqual([-1, 4])
  })

  it('computes Softmax over the last axis', () => {
    const { values } = run(
      'Softmax',
      {},
      [
        [1, 2, 3],
        [0, 0, 0],
      ],
      [2, 3],
    )
    expect(values[0] + values[1] + values[2]).toBeCloseTo(1, 6)
    expect(values.slice(3)).toEqual([1 / 3, 1 / 3, 1 / 3].map((v) => Math.fround(v)))
  })

  it('uses the exact (erf) GELU like PyTorch’s nn.GELU()', () => {
    const { values } = run('GELU', {}, [[1, -1]], [1, 2])
    expect(values[0]).toBeCloseTo(0.841345, 5)
    expect(values[1]).toBeCloseTo(-0.158655, 5)
  })

  it('translates PyTorch’s BatchNorm momentum and epsilon for tfjs', () => {
    const b = build('BatchNorm', {}, [[4, 4, 3]])
    const config = b.model.layers.at(-1)!.getConfig()
    expect(config.momentum).toBe(0.9)
    expect(config.epsilon).toBe(1e-5)
    b.model.dispose()
  })

  it('reloads models that use the custom layers', async () => {
    registerCustomLayers(tf)
    const input = tf.input({ shape: [6, 6, 2] })
    const parts = [
      build('MaxPool2D', { poolSize: 3, strides: 2, padding: 1 }, [[6, 6, 2]]),
      build('ELU', { alpha: 0.3 }, [[3, 3, 2]]),
      build('Reshape', { targetShape: [9, 2] }, [[3, 3, 2]]),
      build('Conv1D', { filters: 2, padding: 1 }, [[9, 2]]),
    ]
    const output = parts.reduce((t, p) => p.model.apply(t) as tf.SymbolicTensor, input)
    const model = tf.model({ inputs: input, outputs: output })
    const artifacts = await new Promise<tf.io.ModelArtifacts>((resolve) =>
      model.save(
        tf.io.withSaveHandler(
          async (a) => (
            resolve(a),
            { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }
          ),
        ),
      ),
    )
    const reloaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts))
    const x = tf.randomNormal([2, 6, 6, 2], 0, 1, 'float32', 5)
    const a = model.predict(x) as tf.Tensor
    const r = reloaded.predict(x) as tf.Tensor
    expect(r.shape).toEqual([2, 9, 2])
    expect(Array.from(r.dataSync())).toEqual(Array.from(a.dataSync()))
    tf.dispose([x, a, r])
    model.dispose()
    reloaded.dispose()
  })
})
