/**
 * The dataset's per-channel normalisation (dataset.normalize, here ImageNet's statistics) travels
 * into the exported train.py: it standardises the images exactly as the engine's batches do, and
 * the script trains with it.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { afterAll, describe, expect, it } from 'vitest'
import { batchTensors } from '../../engine/data/augment'
import { gatherBatch } from '../../engine/data/batches'
import { loadDataset } from '../../engine/data/registry'
import { exportPytorch } from '../../engine/export/pytorch'
import { parseGraph } from '../../engine/graph/parse'

const PYTHON = process.env.DEEPWIRE_PYTHON ?? '/usr/bin/python3'
const root = mkdtempSync(path.join(tmpdir(), 'deepwire-normalize-'))
const LIMIT = 96

describe('dataset.normalize in the exported train.py', () => {
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  it('standardises the images as the engine does, and trains', async () => {
    const parsed = parseGraph(JSON.parse(readFileSync('presets/gratings-cnn.json', 'utf8')))
    if (!parsed.ok) throw new Error(parsed.errors[0].message)
    const training = {
      ...parsed.doc.training,
      dataset: { ...parsed.doc.training.dataset, normalize: 'imagenet' as const },
    }
    const doc = { ...parsed.doc, training }
    await exportPytorch(doc, null, root, { tf, data: { limit: LIMIT } })
    const script = readFileSync(path.join(root, 'train.py'), 'utf8')
    expect(script).toContain('NORMALIZE = ((0.485, 0.456, 0.406), (0.229, 0.224, 0.225))')
    expect(script).toMatch(/if NORMALIZE:\n\s+x = normalize\(x, \*NORMALIZE\)/)

    // the first four images as train.py feeds them to the network, back in channels-last order
    const code = [
      'import json, data, train',
      "x, _ = data.load('data.npz', train.INPUT_SHAPE, train.INT_TARGETS)",
      'x = train.normalize(x, *train.NORMALIZE)[:4].permute(0, 2, 3, 1)',
      'print(json.dumps(x.flatten().tolist()))',
    ].join('\n')
    const python = JSON.parse(
      execFileSync(PYTHON, ['-c', code], { cwd: root, encoding: 'utf8', timeout: 60_000 }),
    ) as number[]
    // and as the engine's batches give them to the model
    const ds = await loadDataset('gratings', { limit: LIMIT, seed: training.seed })
    const batch = gatherBatch(ds, [0, 1, 2, 3], 0, 4)
    const { x } = batchTensors(tf, ds, ds.inputShape, training)(batch, 4)
    const engine = x.dataSync()
    x.dispose()
    expect(python.length).toBe(engine.length)
    const diff = python.reduce((m, v, i) => Math.max(m, Math.abs(v - engine[i])), 0)
    expect(diff).toBeLessThan(1e-5)
    // standardised: far outside the [0, 1] pixel range
    expect(Math.min(...python)).toBeLessThan(-1)

    const out = execFileSync(PYTHON, ['train.py', '--epochs', '1'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
    })
    expect(out).toMatch(/epoch 1\/1 loss \d/)
  }, 180_000)
})
