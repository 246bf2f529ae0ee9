/**
 * Detection through the real CLI: a small SSD trains on detect-shapes with the multibox loss (the
 * loss falls, validation mAP@0.5 rises), its checkpoint predicts boxes for a PNG as JSON, and a
 * detection dataset on a classifier is refused with a sentence saying what to change.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pngjs from 'pngjs'
import { afterAll, describe, expect, it } from 'vitest'
import { loadDataset } from '../../../engine/data/registry'
import { iouAt } from '../../../engine/detect/boxes'
import { miniSsd } from '../../helpers/mini-ssd'
import { runCli } from '../../helpers/cli'

const dir = mkdtempSync(path.join(tmpdir(), 'dw-detect-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const cli = runCli

describe('detection training', () => {
  const graph = path.join(dir, 'mini-ssd.json')
  writeFileSync(graph, JSON.stringify(miniSsd()))
  const out = path.join(dir, 'run')

  it('trains: the multibox loss falls and validation mAP@0.5 rises', async () => {
    const r = await cli('train', graph, '--json', '--out', out)
    expect(r.code, r.stderr).toBe(0)
    const epochs = r.stdout
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            loss: number
            metrics: Record<string, number>
            valMetrics: Record<string, number>
          },
      )
      .filter((e) => e.valMetrics)
    expect(epochs).toHaveLength(5)
    expect(Object.keys(epochs[0].metrics).sort()).toEqual(['box-mae', 'class-error'])
    const [first, last] = [epochs[0], epochs[4]]
    expect(last.loss).toBeLessThan(first.loss * 0.8)
    expect(last.valMetrics.map).toBeGreaterThan(first.valMetrics.map)
    expect(last.valMetrics.map).toBeGreaterThan(0.05)
  }, 120_000)

  it('predict prints the boxes of an image as JSON', async () => {
    const ds = await loadDataset('detect-shapes', { size: [32, 32], samples: 1, seed: 9 })
    const png = new pngjs.PNG({ width: 32, height: 32 })
    for (let p = 0; p < 32 * 32; p++) png.data.set([...ds.x.subarray(p * 3, p * 3 + 3), 255], p * 4)
    const image = path.join(dir, 'shapes.png')
    writeFileSync(image, pngjs.PNG.sync.write(png))
    const r = await cli('predict', graph, '--checkpoint', out, '--input', image, '--min-score', '0.01')
    expect(r.code, r.stderr).toBe(0)
    const boxes = JSON.parse(r.stdout) as { class: string; score: number; box: number[]; pixels: number[] }[]
    expect(boxes.length).toBeGreaterThan(0)
    for (const b of boxes) {
      expect(['rectangle', 'disc', 'triangle']).toContain(b.class)
      expect(b.score).toBeGreaterThanOrEqual(0.01)
      expect(b.box).toHaveLength(4)
      expect(b.pixels[2]).toBeCloseTo(b.box[2] * 32, 0)
    }
    // most confident first, and NMS leaves no two boxes overlapping by more than 0.5
    expect(boxes.map((b) => b.score)).toEqual([...boxes.map((b) => b.score)].sort((a, b) => b - a))
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++)
        expect(iouAt(boxes[i].box, 0, boxes[j].box, 0)).toBeLessThanOrEqual(0.5 + 1e-3)
  }, 60_000)

  it('refuses a detection set on a classifier, saying what to change', async () => {
    const classifier = path.join(dir, 'classifier.json')
    writeFileSync(
      classifier,
      JSON.stringify({
        format: 'deepwire-graph',
        version: 2,
        nodes: [
          { id: 'in', type: 'Input', params: { shape: [64, 64, 3] } },
          { id: 'flat', type: 'Flatten' },
          { id: 'fc', type: 'Dense', params: { units: 3 } },
        ],
        edges: [
          { source: 'in', target: 'flat' },
          { source: 'flat', target: 'fc' },
        ],
        training: { dataset: { name: 'detect-shapes', samples: 20 }, epochs: 1 },
      }),
    )
    const r = await cli('train', classifier)
    expect(r.code).toBe(1)
    expect(r.stderr.trim().split('\n').at(-1)).toBe(
      "deepwire: dataset 'detect-shapes' holds boxes: set training.loss to 'multibox' to train a detector on it",
    )
  }, 60_000)
})
