/**
 * The exported train.py validates where the engine does: on Fashion-MNIST's own test images by
 * default (data.npz carries where they start), on a held-out share of the training images with
 * `split: 'holdout'`, and a --limit keeps each part's share as the engine's limit does.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { afterAll, describe, expect, it } from 'vitest'
import { datasetSplit } from '../../engine/data/batches'
import { loadDataset } from '../../engine/data/registry'
import { exportPytorch } from '../../engine/export/pytorch'
import { parseGraph } from '../../engine/graph/parse'

const PYTHON = process.env.DEEPWIRE_PYTHON ?? '/usr/bin/python3'
const root = mkdtempSync(path.join(tmpdir(), 'deepwire-split-'))

/** (training, validation) sample counts train.py's split() gives, for `--limit` or none. */
function pythonSplit(dir: string, limit: number | null): [number, number] {
  const code = [
    'import json, data, train',
    "x, y = data.load('data.npz', train.INPUT_SHAPE, train.INT_TARGETS)",
    `t, v = train.split(x, y, data.test_from('data.npz'), ${limit ?? 'None'})`,
    'print(json.dumps([len(t), len(v)]))',
  ].join('\n')
  return JSON.parse(execFileSync(PYTHON, ['-c', code], { cwd: dir, encoding: 'utf8', timeout: 60_000 }))
}

describe("train.py's split", () => {
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  for (const split of ['official', 'holdout'] as const)
    it(`${split}: the engine's counts`, async () => {
      const parsed = parseGraph(JSON.parse(readFileSync('presets/mlp.json', 'utf8')))
      if (!parsed.ok) throw new Error(parsed.errors[0].message)
      const doc = { ...parsed.doc, training: { ...parsed.doc.training, split } }
      const dir = path.join(root, split)
      await exportPytorch(doc, null, dir, { tf, data: { limit: 700 } })
      const ds = await loadDataset('fashion-mnist', { limit: 700, seed: doc.training.seed })
      const engine = datasetSplit(ds, doc.training)
      expect(pythonSplit(dir, null)).toEqual([engine.train.length, engine.val.length])
      expect(pythonSplit(dir, null)).toEqual(split === 'official' ? [600, 100] : [540, 60])
      // --limit 350 keeps the official proportion (300 / 50), or holds out 10% of 350
      expect(pythonSplit(dir, 350)).toEqual(split === 'official' ? [300, 50] : [315, 35])
    })
})
