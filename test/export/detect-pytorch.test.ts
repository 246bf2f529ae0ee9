/**
 * The PyTorch export of a detector carries its post-processing: model.py runs on the engine's
 * input, gives the engine's raw output (class scores, offsets, anchors), and its
 * multibox_detection decodes and suppresses to the same boxes as the engine's own decoder; train.py
 * trains it on the exported per-anchor targets.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import * as tf from '@tensorflow/tfjs'
import { afterAll, describe, expect, it } from 'vitest'
import { exportPytorch } from '../../engine/export/pytorch'
import { parseGraph } from '../../engine/graph/parse'
import { decodeImage } from '../../engine/train/detect/scorer'
import { miniSsd } from '../helpers/mini-ssd'
import { exportWithOutputs, PYTHON } from './pytorch-parity'

const dir = mkdtempSync(path.join(tmpdir(), 'deepwire-detect-py-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('PyTorch export of a detector', () => {
  it('decodes and suppresses boxes exactly as the engine does', async () => {
    await exportWithOutputs(miniSsd(), dir)
    const { stdout } = await promisify(execFile)(
      PYTHON,
      [path.resolve('test/export/py/detect_decode.py'), dir, '3'],
      { maxBuffer: 1 << 24 },
    )
    const r = JSON.parse(stdout) as { maxDiff: number; output: number[][][]; boxes: number[][][] }
    expect(r.maxDiff).toBeLessThan(1e-3)
    expect(r.boxes).toHaveLength(r.output.length)
    for (let b = 0; b < r.output.length; b++) {
      const mine = decodeImage(Float32Array.from(r.output[b].flat()), r.output[b].length, 0.5, 0.01)
      const theirs = r.boxes[b]
      expect(theirs.length).toBe(mine.length)
      expect(mine.length).toBeGreaterThan(0)
      theirs.forEach((row, i) => {
        expect(row[0]).toBe(mine[i].cls)
        expect(row[1]).toBeCloseTo(mine[i].score, 4)
        row.slice(2).forEach((v, k) => expect(v).toBeCloseTo(mine[i].box[k], 4))
      })
    }
  }, 180_000)

  it('train.py trains the detector on the exported anchor targets: the validation loss falls', async () => {
    const out = path.join(dir, 'train')
    const parsed = parseGraph(miniSsd())
    if (!parsed.ok) throw new Error(parsed.errors[0].message)
    await exportPytorch(parsed.doc, null, out, { tf, data: { limit: 300 } })
    const { stdout } = await promisify(execFile)(PYTHON, ['train.py', '--epochs', '2'], { cwd: out })
    const before = Number(/^epoch 0 val_loss ([\d.]+)/m.exec(stdout)?.[1])
    const after = Number(/^epoch 2\/2 loss [\d.]+ val_loss ([\d.]+)/m.exec(stdout)?.[1])
    expect(after, stdout).toBeLessThan(before * 0.5)
  }, 180_000)
})
