/** Sample predictions at epoch end: fixed samples, the model's own answers, small previews. */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import pngjs from 'pngjs'
import { describe, expect, it } from 'vitest'
import { loadDataset } from '../../../engine/data/registry'
import { decodePixels, downsampleToImage } from '../../../engine/data/pixels'
import type { Dataset } from '../../../engine/data/types'
import type { GraphDocInput } from '../../../engine/graph/schema'
import { samplePredictionsSchema, type SamplePrediction, type TrainEvent } from '../../../engine/protocol'
import { meanIoU } from '../../../engine/train/metrics'
import { inputPreview, sampleIndices } from '../../../engine/train/samples'
import { mlp, tf, trainInProcess } from '../../helpers/train'
import { threeClassSegmenter } from '../../helpers/graph'
import { tempDir } from '../data/tmp'

type EpochEnd = Extract<TrainEvent, { type: 'epoch-end' }>
const samplesOf = (epochs: TrainEvent[]) => (epochs as EpochEnd[]).map((e) => e.samples)

describe('preview images', () => {
  it('downsample by a whole stride to at most 64 px a side and survive base64', () => {
    const [h, w] = [130, 70]
    const src = Array.from({ length: h * w }, (_, i) => i % 251)
    const img = downsampleToImage(src, h, w, 1, (v) => v)
    // stride ceil(130 / 64) = 3: 44 × 24 pixels, each the top-left one of its 3×3 cell
    expect([img.height, img.width, img.channels]).toEqual([44, 24, 1])
    const px = decodePixels(img)
    expect(px[5 * 24 + 7]).toBe(src[15 * 70 + 21])
    expect(px.at(-1)).toBe(src[129 * 70 + 69])
    expect(() => decodePixels({ ...img, width: 25 })).toThrow(/expected 44×25×1/)
  })

  it('stretch float images to 0..255 and skip inputs that are not images', () => {
    const ds = {
      inputShape: [2, 2, 1],
      inputDtype: 'float32',
      x: new Float32Array([-1, 0, 1, 3, 9, 9, 9, 9]),
      xScale: 1,
    } as Dataset
    expect(Array.from(decodePixels(inputPreview(ds, 0)!))).toEqual([0, 64, 128, 255])
    // a constant image does not divide by zero
    expect(Array.from(decodePixels(inputPreview(ds, 1)!))).toEqual([0, 0, 0, 0])
    expect(inputPreview({ ...ds, inputShape: [4, 2] }, 0)).toBeDefined()
    expect(inputPreview({ ...ds, inputShape: [8] }, 0)).toBeUndefined()
    expect(inputPreview({ ...ds, inputShape: [1, 2, 4] }, 0)).toBeUndefined()
  })

  it('take the first validation samples, or training ones without a validation split', () => {
    const val = Int32Array.from([9, 3, 5])
    const train = Int32Array.from([0, 1, 2, 4])
    expect(Array.from(sampleIndices(val, train, 2))).toEqual([9, 3])
    expect(Array.from(sampleIndices(new Int32Array(0), train, 8))).toEqual([0, 1, 2, 4])
  })
})

describe('mean IoU of multi-class masks', () => {
  it('averages TP / (TP + FP + FN) over the classes present', () => {
    // class 0: 5 / (6 + 6 − 5); class 1: 2 / (4 + 3 − 2); class 2 is only predicted, once: 0;
    // class 3 never occurs and is left out
    const m = [
      [5, 1, 0, 0],
      [1, 2, 1, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ]
    expect(meanIoU(m)).toBeCloseTo((5 / 7 + 2 / 5 + 0) / 3, 10)
    expect(meanIoU([[0]])).toBeNull()
  })
})

describe('sample predictions during training', () => {
  const maskDir = tempDir('sample-masks')
  it('classification: the same 8 validation images each epoch with the final model’s answers', async () => {
    const graph: GraphDocInput = {
      format: 'deepwire-graph',
      version: 2,
      nodes: [
        { id: 'in', type: 'Input', params: { shape: [28, 28, 1] } },
        { id: 'flat', type: 'Flatten', params: {} },
        { id: 'out', type: 'Dense', params: { units: 10 } },
      ],
      edges: [
        { source: 'in', target: 'flat' },
        { source: 'flat', target: 'out' },
      ],
      training: { dataset: { name: 'fashion-mnist', limit: 600 }, batchSize: 64, epochs: 2 },
    }
    const r = await trainInProcess(graph)
    const [first, last] = samplesOf(r.epochs)
    for (const s of [first, last]) expect(samplePredictionsSchema.parse(s)).toHaveLength(8)
    expect(last!.map((s) => s.index)).toEqual(first!.map((s) => s.index))
    const ds = await loadDataset('fashion-mnist', { limit: 600, seed: 42 })
    const shown = last as Extract<SamplePrediction, { kind: 'classification' }>[]
    const x = tf.tensor4d(
      shown.flatMap((s) => Array.from(ds.x.subarray(s.index * 784, (s.index + 1) * 784), (v) => v / 255)),
      [8, 28, 28, 1],
    )
    const probs = tf.softmax(r.model.predict(x) as tf.Tensor)
    const p = (await probs.array()) as number[][]
    tf.dispose([x, probs])
    shown.forEach((s, b) => {
      expect(s.label).toBe(ds.y[s.index])
      expect(Array.from(decodePixels(s.input!))).toEqual(
        Array.from(ds.x.subarray(s.index * 784, (s.index + 1) * 784)),
      )
      expect(s.predicted).toBe(p[b].indexOf(Math.max(...p[b])))
      expect(s.probability).toBeCloseTo(Math.max(...p[b]), 4)
    })
  })

  it('classification of points: answers without a picture; regression: no samples', async () => {
    const points = await trainInProcess(mlp(2, 8, 2, 'moons'), { epochs: 1 })
    const [s] = samplesOf(points.epochs)
    expect(s).toHaveLength(8)
    expect(s!.every((p) => p.kind === 'classification' && !p.input && p.probability >= 0.5)).toBe(true)
    const reg = await trainInProcess(mlp(2, 0, 1, 'linear', 'mse'), { epochs: 1 })
    expect(samplesOf(reg.epochs)).toEqual([undefined])
  })

  it('segmentation: input, true mask and the thresholded predicted mask', async () => {
    const graph: GraphDocInput = {
      format: 'deepwire-graph',
      version: 2,
      nodes: [
        { id: 'in', type: 'Input', params: { shape: [16, 16, 3] } },
        {
          id: 'c1',
          type: 'Conv2D',
          params: { filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' },
        },
        { id: 'mask', type: 'Conv2D', params: { filters: 1, kernelSize: 3, padding: 'same' } },
      ],
      edges: [
        { source: 'in', target: 'c1' },
        { source: 'c1', target: 'mask' },
      ],
      training: {
        dataset: { name: 'shapes', size: [16, 16], samples: 60 },
        loss: 'binary-cross-entropy',
        batchSize: 16,
        epochs: 1,
      },
    }
    const r = await trainInProcess(graph)
    const shown = samplePredictionsSchema.parse(samplesOf(r.epochs)[0]) as Extract<
      SamplePrediction,
      { kind: 'segmentation' }
    >[]
    expect(shown).toHaveLength(6) // 10 % of 60 samples are validation
    const ds = await loadDataset('shapes', { size: [16, 16], samples: 60, seed: 42 })
    const x = tf.tensor4d(
      shown.flatMap((s) => Array.from(ds.x.subarray(s.index * 768, (s.index + 1) * 768), (v) => v / 255)),
      [6, 16, 16, 3],
    )
    const logits = r.model.predict(x) as tf.Tensor
    const out = await logits.data()
    tf.dispose([x, logits])
    shown.forEach((s, b) => {
      expect(s.classes).toBe(2)
      expect(Array.from(decodePixels(s.input))).toEqual(
        Array.from(ds.x.subarray(s.index * 768, (s.index + 1) * 768)),
      )
      expect(Array.from(decodePixels(s.truth))).toEqual(
        Array.from(ds.y.subarray(s.index * 256, (s.index + 1) * 256)),
      )
      expect(Array.from(decodePixels(s.predicted))).toEqual(
        Array.from(out.subarray(b * 256, (b + 1) * 256), (v) => (v > 0 ? 1 : 0)),
      )
    })
  })

  it('multi-class masks: class-id masks and mean IoU from the pixel confusion matrix', async () => {
    // 8 images 8×6 whose mask is 2 on the left, 1 in the middle and 0 on the right
    const dir = maskDir
    const png = (file: string, rgb: (x: number) => number[]) => {
      const img = new pngjs.PNG({ width: 8, height: 6 })
      for (let y = 0; y < 6; y++) for (let x = 0; x < 8; x++) img.data.set([...rgb(x), 255], (y * 8 + x) * 4)
      mkdirSync(join(file, '..'), { recursive: true })
      writeFileSync(file, pngjs.PNG.sync.write(img))
    }
    for (let i = 0; i < 8; i++) {
      png(join(dir, 'images', `img${i}.png`), (x) => (x < 3 ? [200, 30 + i, 40] : [20, 90, 160 + i]))
      png(join(dir, 'masks', `img${i}_mask.png`), (x) => Array(3).fill(x < 3 ? 2 : x < 6 ? 1 : 0))
    }
    const r = await trainInProcess(threeClassSegmenter(dir, 2))
    const last = r.history.at(-1)!
    expect(last.valMetrics.miou).toBeCloseTo(meanIoU(last.confusion!.matrix)!, 10)
    expect(last.valMetrics.miou).toBeGreaterThan(0)
    const shown = samplesOf(r.epochs).at(-1) as Extract<SamplePrediction, { kind: 'segmentation' }>[]
    expect(shown).toHaveLength(2)
    for (const s of shown) {
      expect(s.classes).toBe(3)
      expect(Array.from(decodePixels(s.truth).subarray(0, 8))).toEqual([2, 2, 2, 1, 1, 1, 0, 0])
      expect(Math.max(...decodePixels(s.predicted))).toBeLessThan(3)
    }
  })
})
