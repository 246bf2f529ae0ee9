import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import pngjs from 'pngjs'
import { describe, expect, it } from 'vitest'
import { loadDataset } from '../../../engine/data/registry'
import { encodeMasks, loadMaskFolder } from '../../../engine/data/masks'
import { trainInProcess } from '../../helpers/train'
import { threeClassSegmenter } from '../../helpers/graph'
import { tempDir } from '../data/tmp'

const root = tempDir('masks')

function png(file: string, w: number, h: number, rgb: (x: number, y: number) => number[]) {
  const img = new pngjs.PNG({ width: w, height: h })
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) img.data.set([...rgb(x, y), 255], (y * w + x) * 4)
  mkdirSync(join(file, '..'), { recursive: true })
  writeFileSync(file, pngjs.PNG.sync.write(img))
}

/** A folder of n colour images whose mask marks the left `k` columns with value `v`. */
function folder(
  name: string,
  n: number,
  opts: { w?: number; h?: number; value?: (x: number) => number } = {},
) {
  const { w = 8, h = 6 } = opts
  const value = opts.value ?? ((x: number) => (x < 3 ? 255 : 0))
  const dir = join(root, name)
  for (let i = 0; i < n; i++) {
    png(join(dir, 'images', `img${i}.png`), w, h, (x) => (x < 3 ? [200, 30 + i, 40] : [20, 90, 160 + i]))
    png(join(dir, 'masks', `img${i}_mask.png`), w, h, (x) => [value(x), value(x), value(x)])
  }
  return dir
}

describe('image + mask folders', () => {
  it('loads pairs as segmentation samples with binary masks', async () => {
    const ds = await loadDataset('masks', { path: folder('binary', 3), seed: 1 })
    expect(ds).toMatchObject({ task: 'segmentation', inputShape: [6, 8, 3], targetShape: [6, 8, 1] })
    expect(ds.numClasses).toBe(1)
    expect(ds.size).toBe(3)
    expect(Array.from(ds.y.subarray(0, 8))).toEqual([1, 1, 1, 0, 0, 0, 0, 0])
  })

  it('reads small mask values as class ids and resizes masks without blending', async () => {
    const dir = folder('classes', 2, { value: (x) => (x < 3 ? 2 : x < 6 ? 1 : 0) })
    const ds = await loadMaskFolder({ path: dir, size: [3, 4] })
    expect(ds.numClasses).toBe(3)
    expect(ds.inputShape).toEqual([3, 4, 3])
    // columns 0..7 → 4 columns sampled at 1, 3, 5, 7
    expect(Array.from(ds.y.subarray(0, 4))).toEqual([2, 1, 1, 0])
  })

  it('names the image without a mask, the mask of the wrong size and the unreadable file', async () => {
    const missing = folder('missing', 2)
    writeFileSync(join(missing, 'images', 'extra.png'), Buffer.alloc(0))
    await expect(loadMaskFolder({ path: missing })).rejects.toThrow(
      /images\/extra\.png: no mask for this image in .*masks \(expected extra\.png or extra_mask\.png\)/,
    )
    const sized = folder('sized', 1)
    png(join(sized, 'masks', 'img0_mask.png'), 5, 6, () => [0, 0, 0])
    await expect(loadMaskFolder({ path: sized })).rejects.toThrow(
      /img0_mask\.png: the mask is 5×6 but its image .*img0\.png is 8×6/,
    )
    const broken = folder('broken', 1)
    writeFileSync(join(broken, 'masks', 'img0_mask.png'), 'not an image')
    await expect(loadMaskFolder({ path: broken })).rejects.toThrow(/img0_mask\.png: cannot read the image/)
    await expect(loadMaskFolder({ path: join(root, 'nowhere') })).rejects.toThrow(/images: missing/)
  })

  it('encodes masks: 0/255 and bright masks are binary, small values are classes', () => {
    const binary = new Uint8Array([0, 255, 255, 0])
    expect(encodeMasks(binary)).toBe(1)
    expect(Array.from(binary)).toEqual([0, 1, 1, 0])
    const soft = new Uint8Array([0, 120, 130, 250])
    expect(encodeMasks(soft)).toBe(1)
    expect(Array.from(soft)).toEqual([0, 0, 1, 1])
    const ids = new Uint8Array([0, 3, 1, 2])
    expect(encodeMasks(ids)).toBe(4)
    expect(Array.from(ids)).toEqual([0, 3, 1, 2])
  })

  it('trains multi-class masks with per-pixel cross-entropy and a pixel confusion matrix', async () => {
    const dir = folder('train3', 8, { value: (x) => (x < 3 ? 2 : x < 6 ? 1 : 0) })
    const doc = threeClassSegmenter(dir, 3)
    const r = await trainInProcess(doc)
    const last = r.history.at(-1)!
    expect(Object.keys(last.metrics)).toEqual(['accuracy'])
    expect(last.loss).toBeLessThan(r.history[0].loss)
    expect(last.confusion!.matrix.flat().reduce((a, b) => a + b, 0)).toBe(2 * 6 * 8)
  })
})
