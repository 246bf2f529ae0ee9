/**
 * The inspection computation on checkpoints whose weights are set by hand: every layer's output
 * for a sample equals the arithmetic done here, filters are the first convolution's kernels, and
 * errors name what is wrong.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { initBackend } from '../../../engine/backend/select'
import { splitIndices } from '../../../engine/data/batches'
import { loadDataset } from '../../../engine/data/registry'
import { executeInspect } from '../../../engine/node/inspect'
import type { ActivationsResult } from '../../../engine/protocol'
import { chain } from '../../helpers/graph'
import { tf } from '../../helpers/train'
import { checkpointWith } from './checkpoint'

const inspect = async (checkpoint: string, sampleIndex: number) =>
  (await executeInspect(tf, { what: 'activations', checkpoint, sampleIndex })) as ActivationsResult

beforeAll(async () => {
  await initBackend(tf, 'wasm')
})

describe('activations of a dense network', () => {
  const g = chain(
    [2],
    { type: 'Dense', params: { units: 3, activation: 'relu' } },
    { type: 'Dense', params: { units: 2 } },
  )
  g.training = { dataset: { name: 'xor' }, validationSplit: 0.2 }
  const W1 = [1, -1, 0.5, 2, 0.5, -1] // [2, 3]
  const b1 = [0.1, -0.2, 0.3]
  const W2 = [1, 0, 0, 1, 1, -1] // [3, 2]
  const b2 = [0, 0.5]
  const file = checkpointWith(g, [
    { shape: [2, 3], values: W1 },
    { shape: [3], values: b1 },
    { shape: [3, 2], values: W2 },
    { shape: [2], values: b2 },
  ])

  it('equal the hand-computed layer outputs for a validation sample', async () => {
    const r = await inspect(file, 5)
    const ds = await loadDataset('xor', { seed: 42 })
    const { val } = splitIndices(ds.size, 0.2, 42)
    const s = val[5]
    const x = [ds.x[2 * s], ds.x[2 * s + 1]]
    expect(r.sample.x).toEqual([Math.fround(x[0]), Math.fround(x[1])])
    expect(r.sample).toMatchObject({ index: 5, count: 40, split: 'validation', shape: [2] })
    expect(r.sample.label).toBe(ds.classNames![ds.y[s]])
    const h = [0, 1, 2].map((j) => Math.max(0, x[0] * W1[j] + x[1] * W1[3 + j] + b1[j]))
    const out = [0, 1].map((k) => h[0] * W2[k] + h[1] * W2[2 + k] + h[2] * W2[4 + k] + b2[k])
    expect(r.layers.map((l) => [l.node, l.kind, l.shape])).toEqual([
      ['l1', 'Dense', [3]],
      ['l2', 'Dense', [2]],
    ])
    r.layers[0].vector!.values.forEach((v, j) => expect(v).toBeCloseTo(h[j], 5))
    r.layers[1].vector!.values.forEach((v, k) => expect(v).toBeCloseTo(out[k], 5))
    // the model ends in logits: the output shown is their softmax
    const e = out.map(Math.exp)
    r.sample.output.forEach((v, k) => expect(v).toBeCloseTo(e[k] / (e[0] + e[1]), 5))
    expect(r.filters).toBeUndefined()
  })

  it('names the split and its size when the sample does not exist', async () => {
    await expect(inspect(file, 40)).rejects.toThrow(
      /sample 40 does not exist: the validation split of 'xor' has 40 samples/,
    )
  })
})

describe('feature maps and filters of a convolution', () => {
  const g = chain(
    [6, 6, 3],
    { type: 'Conv2D', params: { filters: 2, kernelSize: 3, padding: 'same', useBias: false } },
    { type: 'Conv2D', params: { filters: 1, kernelSize: 1 } },
  )
  g.training = { dataset: { name: 'shapes', size: [6, 6], samples: 20 }, loss: 'binary-cross-entropy' }
  // kernel [3, 3, 3, 2]: value depends on every index so a transposition would show
  const kernel = Array.from({ length: 54 }, (_, i) => Math.sin(i * 1.7) * 0.5)
  const at = (r: number, q: number, c: number, o: number) => kernel[((r * 3 + q) * 3 + c) * 2 + o]
  const file = checkpointWith(g, [
    { shape: [3, 3, 3, 2], values: kernel },
    { shape: [1, 1, 2, 1], values: [1, -1] },
    { shape: [1], values: [0] },
  ])

  it('shows each channel of the hand-computed convolution, scaled to bytes', async () => {
    const r = await inspect(file, 0)
    const x = r.sample.x
    expect(r.sample.shape).toEqual([6, 6, 3])
    const conv = (o: number) =>
      Array.from({ length: 36 }, (_, p) => {
        const [i, j] = [Math.floor(p / 6), p % 6]
        let s = 0
        for (let r2 = 0; r2 < 3; r2++)
          for (let q = 0; q < 3; q++)
            for (let c = 0; c < 3; c++) {
              const [y2, x2] = [i + r2 - 1, j + q - 1]
              if (y2 >= 0 && y2 < 6 && x2 >= 0 && x2 < 6) s += x[(y2 * 6 + x2) * 3 + c] * at(r2, q, c, o)
            }
        return s
      })
    const maps = r.layers[0].maps!
    expect(maps).toMatchObject({ h: 6, w: 6, channels: 2, totalChannels: 2, stride: 1 })
    const bytes = Buffer.from(maps.data, 'base64')
    expect(bytes.length).toBe(72)
    for (const o of [0, 1]) {
      const want = conv(o)
      const lo = Math.min(...want)
      const hi = Math.max(...want)
      expect(maps.min[o]).toBeCloseTo(lo, 4)
      expect(maps.max[o]).toBeCloseTo(hi, 4)
      want.forEach((v, p) =>
        expect(Math.abs(bytes[o * 36 + p] - ((v - lo) / (hi - lo)) * 255)).toBeLessThanOrEqual(1),
      )
    }
    const f = r.filters!
    expect(f).toMatchObject({ node: 'l1', kh: 3, kw: 3, inChannels: 3, rgb: true })
    expect(f.kernels).toHaveLength(2)
    f.kernels[1].forEach((v, k) =>
      expect(v).toBeCloseTo(at(Math.floor(k / 9), Math.floor(k / 3) % 3, k % 3, 1), 6),
    )
    expect(f.min).toBeCloseTo(Math.min(...kernel), 6)
    expect(f.max).toBeCloseTo(Math.max(...kernel), 6)
  })

  it('refuses a decision boundary for image inputs', async () => {
    await expect(executeInspect(tf, { what: 'boundary', checkpoint: file })).rejects.toThrow(
      /needs samples with 2 input features; 'shapes' has shape \[6×6×3\]/,
    )
  })
})
