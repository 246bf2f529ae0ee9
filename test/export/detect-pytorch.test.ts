/**
 * The PyTorch export of a detector carries its post-processing: model.py runs on the engine's
 * input, gives the engine's raw output (class scores, offsets, anchors), and its
 * multibox_detection decodes and suppresses to the same boxes as the engine's own decoder.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
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
})
