import { cpSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import pngjs from 'pngjs'
import { describe, expect, it } from 'vitest'
import { loadMaskFolder } from '../../../engine/data/masks'
import { decodePixels } from '../../../engine/data/pixels'
import { paletteId, VOC_CLASSES, vocColour } from '../../../engine/data/palette'
import { chain } from '../../helpers/graph'
import { trainInProcess } from '../../helpers/train'
import { tempDir } from './tmp'

const FIXTURE = 'test/fixtures/voc-masks'
const root = tempDir('palette')

/** The fixture copied, with one mask replaced by an RGB PNG drawn by `paint`. */
function altered(name: string, w: number, h: number, paint: (x: number, y: number) => number[]) {
  const dir = join(root, name)
  cpSync(FIXTURE, dir, { recursive: true })
  const img = new pngjs.PNG({ width: w, height: h })
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) img.data.set([...paint(x, y), 255], (y * w + x) * 4)
  writeFileSync(join(dir, 'masks', '2007002.png'), pngjs.PNG.sync.write(img))
  return dir
}

describe("VOC's palette", () => {
  it('has the devkit colours: background black, aeroplane dark red, person (192, 128, 128), void (224, 224, 192)', () => {
    expect(vocColour(0)).toEqual([0, 0, 0])
    expect(vocColour(1)).toEqual([128, 0, 0])
    expect(vocColour(2)).toEqual([0, 128, 0])
    expect(vocColour(3)).toEqual([128, 128, 0])
    expect(vocColour(8)).toEqual([64, 0, 0])
    expect(vocColour(15)).toEqual([192, 128, 128])
    expect(vocColour(20)).toEqual([0, 64, 128])
    expect(vocColour(255)).toEqual([224, 224, 192])
    expect(new Set(Array.from({ length: 256 }, (_, k) => vocColour(k).join())).size).toBe(256)
    expect(paletteId(192, 128, 128)).toBe(15)
    expect(paletteId(1, 2, 3)).toBe(-1)
    expect(VOC_CLASSES).toHaveLength(21)
  })

  it('reads indexed and RGB palette masks alike, with VOC class names and void left out', async () => {
    const ds = await loadMaskFolder({ path: FIXTURE })
    expect(ds).toMatchObject({
      task: 'segmentation',
      inputShape: [8, 12, 3],
      size: 4,
      numClasses: 16,
      ignoreTarget: 255,
    })
    expect(ds.classNames![1]).toBe('aeroplane')
    expect(ds.classNames![15]).toBe('person')
    expect(ds.meta).toMatchObject({ masks: 'VOC palette' })
    // every sample, the RGB-coded 2007003 as the indexed ones: row 3 crosses the plane (columns 1–3), the void ring (6, 10) and the person (7–9)
    for (let s = 0; s < 4; s++) {
      const row = Array.from(ds.y.subarray(s * 96 + 3 * 12, s * 96 + 4 * 12))
      expect(row, `sample ${s}`).toEqual([0, 1, 1, 1, 0, 0, 255, 15, 15, 15, 255, 0])
    }
  })

  it('names the mask and the pixel whose colour is not in the palette', async () => {
    const dir = altered('unknown', 12, 8, (x, y) => (x === 5 && y === 3 ? [1, 2, 3] : vocColour(0)))
    await expect(loadMaskFolder({ path: dir })).rejects.toThrow(
      `${join(dir, 'masks', '2007002.png')}: pixel (x 5, y 3) has the colour (1, 2, 3), which is not in VOC's palette`,
    )
  })

  it('names the mask whose size differs from its image', async () => {
    const dir = altered('sized', 10, 8, () => vocColour(1))
    await expect(loadMaskFolder({ path: dir })).rejects.toThrow(
      `${join(dir, 'masks', '2007002.png')}: the mask is 10×8 but its image ${join(dir, 'images', '2007002.png')} is 12×8`,
    )
  })

  it('trains on palette masks: void pixels count in neither the loss nor the confusion matrix', async () => {
    const doc = {
      ...chain([8, 12, 3], { type: 'Conv2D', params: { filters: 16, kernelSize: 3, padding: 'same' } }),
      training: {
        dataset: { name: 'masks', path: FIXTURE },
        loss: 'cross-entropy' as const,
        optimizer: { type: 'adam' as const, lr: 0.05 },
        batchSize: 4,
        epochs: 60,
        validationSplit: 0.25,
      },
    }
    const r = await trainInProcess(doc)
    const last = r.history.at(-1)!
    // one validation image of 96 pixels, 18 of them void (the 5×6 ring around the 3×4 person)
    expect(last.confusion!.matrix.flat().reduce((a, b) => a + b, 0)).toBe(96 - 18)
    expect(last.valMetrics.accuracy).toBeGreaterThan(0.9)
    expect(last.valMetrics.miou).toBeGreaterThan(0.8)
    expect(last.loss).toBeLessThan(r.history[0].loss)
    // the validation sample's true mask keeps its void ring (255, drawn in VOC's void colour)
    const shown = r.epochs.at(-1)!.samples![0]
    if (shown.kind !== 'segmentation') throw new Error('expected a segmentation sample')
    const truth = decodePixels(shown.truth)
    expect(truth.filter((v) => v === 255)).toHaveLength(18)
    expect(new Set(decodePixels(shown.predicted))).not.toContain(255)
  }, 60_000)
})
