import { readFileSync } from 'node:fs'
import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { admitGraph } from '../../../engine/budget'
import { compile } from '../../../engine/compile/compile'
import { defaultLayers, featureAnalysis } from '../../../engine/stylize/features'
import { stylize, type StylizeLosses } from '../../../engine/stylize/run'
import type { Checkpoint } from '../../../engine/train/checkpoint'
import { gradient, stripes, tinyCnn } from './fixtures'

beforeAll(async () => {
  await tf.setBackend('cpu')
})

const analysis = () => admitGraph(tinyCnn()).analysis

/** The weights of the full graph compiled with `seed`, as a training run would save them. */
function checkpointOf(seed: number): Checkpoint {
  const { doc, analysis: a } = admitGraph(tinyCnn())
  const { model } = compile(tf, a, { seed })
  const ckpt = {
    meta: {
      graph: doc,
      weights: model.weights.map((w) => ({ name: w.originalName, shape: w.shape.map(Number) })),
    },
    weights: model.weights.map((w) => Float32Array.from(w.read().dataSync())),
    optimizer: [],
  } as unknown as Checkpoint
  model.dispose()
  return ckpt
}

describe('style transfer', () => {
  it('picks the last layer at each resolution for style and the second-deepest one for content', () => {
    const { content, style } = defaultLayers(analysis())
    // c1 is the last 16×16 map, c2 the last 8×8 one (after p1), c3 the only 4×4 one
    expect(style.map((n) => n.id)).toEqual(['c1', 'c2', 'c3'])
    expect(content.id).toBe('c2')
  })

  it("in a segmentation network picks from the encoder, not from the decoder's upsampling", () => {
    const fcn = admitGraph(JSON.parse(readFileSync('presets/fcn.json', 'utf8'))).analysis
    const { content, style } = defaultLayers(fcn)
    expect(style.map((n) => n.id)).toEqual([
      'relu1',
      'stage2/res2/relu2',
      'stage3/res2/relu2',
      'stage4/res2/relu2',
      'stage5/res2/relu2',
    ])
    expect(content.id).toBe('stage4/res2/relu2')
  })

  it('rebuilds only the layers it needs, at the size asked for', () => {
    const a = analysis()
    const c2 = a.order.find((n) => n.id === 'c2')!
    const sub = featureAnalysis(a, [c2], 40, 24)
    expect(sub.order.map((n) => n.id)).toEqual(['in', 'c1', 'p1', 'c2'])
    expect(sub.order.at(-1)!.outputShape).toEqual([20, 12, 8])
    expect(() => featureAnalysis(a, [a.order.find((n) => n.id === 'c3')!], 3, 3)).toThrow(
      "at 3×3 pixels layer 'p2' cannot be built (pool 2×2 is larger than the 1×1 input with padding 'valid'): choose a larger --size or shallower layers",
    )
  })

  it('the total loss falls over 60 steps and the image changes towards the style', async () => {
    const steps: StylizeLosses[] = []
    const previews: number[] = []
    const r = await stylize(
      tf,
      {
        analysis: analysis(),
        content: gradient(24, 16),
        style: stripes(24, 16),
        steps: 60,
        styleWeight: 1e5,
      },
      { onStep: (l) => steps.push(l), previewEvery: 20, onPreview: (_img, step) => previews.push(step) },
    )
    expect(steps).toHaveLength(60)
    expect(previews).toEqual([20, 40, 60])
    expect(r.layers).toEqual({ content: 'c2', style: ['c1', 'c2', 'c3'] })
    expect([r.height, r.width, r.channels, r.data.length]).toEqual([16, 24, 3, 16 * 24 * 3])
    // the content image starts with no content loss; the style loss is what the steps cut
    expect(r.first.content).toBe(0)
    expect(r.last.style).toBeLessThan(r.first.style / 3)
    expect(r.last.total).toBeLessThan(r.first.total / 2)
    expect(r.last.total).toBeLessThan(steps[29].total)
  }, 60_000)

  it('stops early when asked, with the image so far', async () => {
    let seen = 0
    const r = await stylize(
      tf,
      { analysis: analysis(), content: gradient(12, 12), style: stripes(12, 12), steps: 1000 },
      { onStep: () => seen++, stopped: () => seen >= 3 },
    )
    expect(r.last.step).toBe(3)
    expect(r.data).toHaveLength(12 * 12 * 3)
  })

  it('reads its weights from a checkpoint by name: the same as compiling with its seed', async () => {
    const o = { analysis: analysis(), content: gradient(12, 12), style: stripes(12, 12), steps: 3 }
    const fromCheckpoint = await stylize(tf, { ...o, checkpoint: checkpointOf(7), seed: 1 })
    const seeded = await stylize(tf, { ...o, seed: 7 })
    const other = await stylize(tf, { ...o, seed: 1 })
    expect(fromCheckpoint.last.total).toBeCloseTo(seeded.last.total, 5)
    expect(Math.abs(other.last.total - seeded.last.total)).toBeGreaterThan(1e-4)
  }, 30_000)

  it('refuses bad layer choices and a checkpoint of another graph in one sentence', async () => {
    const o = { analysis: analysis(), content: gradient(12, 12), style: stripes(12, 12), steps: 1 }
    await expect(stylize(tf, { ...o, contentLayer: 'nope' })).rejects.toThrow(
      "--content-layer: the graph has no layer 'nope' (feature maps: 'c1', 'p1', 'c2', 'p2', 'c3')",
    )
    await expect(stylize(tf, { ...o, styleLayers: ['c1', 'd'] })).rejects.toThrow(
      "--style-layers: layer 'd' outputs [2], not a feature map [H, W, C]",
    )
    await expect(stylize(tf, { ...o, styleLayers: ['c1', 'c2'], styleLayerWeights: [1] })).rejects.toThrow(
      '--style-weights gives 1 weights for 2 style layers',
    )
    const wrong = checkpointOf(7)
    wrong.meta.weights = wrong.meta.weights.map((w) => ({ ...w, name: w.name.replace('c1', 'x1') }))
    await expect(stylize(tf, { ...o, checkpoint: wrong })).rejects.toThrow(
      "the checkpoint has no weight 'n_c1/kernel': it was not written for this graph",
    )
  })
})
