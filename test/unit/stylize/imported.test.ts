/**
 * A feature network brought in through ONNX (as a torchvision VGG would be): the graph and weights
 * `deepwire import` writes drive the same style transfer as the network they came from.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { admitGraph } from '../../../engine/budget'
import { compile } from '../../../engine/compile/compile'
import { exportOnnx } from '../../../engine/export/onnx'
import type { Tf } from '../../../engine/layers/types'
import { importModelFile } from '../../../engine/node/import-model'
import { loadCheckpointFile } from '../../../engine/node/run'
import { stylize } from '../../../engine/stylize/run'
import { tempDir } from '../data/tmp'
import { gradient, stripes, tinyCnn } from './fixtures'

const dir = tempDir('stylize-import')

beforeAll(async () => {
  await tf.setBackend('cpu')
})

describe('style transfer through an imported ONNX model', () => {
  it('gives the losses the original network gives, step by step', async () => {
    const { doc, analysis } = admitGraph(tinyCnn())
    const compiled = compile(tf, analysis, { seed: 7 })
    const onnx = path.join(dir, 'tiny.onnx')
    writeFileSync(onnx, exportOnnx(doc, compiled, { analysis }))
    compiled.model.dispose()
    const r = await importModelFile(async () => tf as unknown as Tf, onnx, path.join(dir, 'imported'))
    const imported = admitGraph(JSON.parse(readFileSync(r.graph, 'utf8'))).analysis
    const checkpoint = await loadCheckpointFile(r.checkpoint)

    const o = { content: gradient(20, 12), style: stripes(20, 12), steps: 4 }
    const steps = { native: [] as number[], imported: [] as number[] }
    const native = await stylize(
      tf,
      { ...o, analysis, seed: 7 },
      { onStep: (l) => steps.native.push(l.total) },
    )
    const fromOnnx = await stylize(
      tf,
      { ...o, analysis: imported, checkpoint },
      { onStep: (l) => steps.imported.push(l.total) },
    )
    // the importer names the ReLU it splits off each convolution; the feature maps are the same
    expect(fromOnnx.layers.style).toHaveLength(native.layers.style.length)
    steps.native.forEach((v, i) => expect(steps.imported[i]).toBeCloseTo(v, 4))
    expect(steps.native[0]).toBeGreaterThan(0)
  }, 60_000)
})
