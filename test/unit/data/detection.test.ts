/**
 * Detection data: the synthetic generator is deterministic and its boxes are valid; VOC, YOLO and
 * COCO fixtures of the same two images load to the same normalised boxes; a bad box is reported
 * with its file and line (or JSON index) in one sentence.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { truthOf } from '../../../engine/data/detection/truth'
import { loadDataset } from '../../../engine/data/registry'
import type { Dataset } from '../../../engine/data/types'

const FIX = 'test/fixtures/detect'
const tmp = mkdtempSync(join(tmpdir(), 'deepwire-detect-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

/** Every image's boxes as sorted strings, so loaders with different file orders compare equal. */
function allBoxes(ds: Dataset): string[] {
  return Array.from({ length: ds.size }, (_, i) =>
    truthOf(ds, i)
      .map((t) => `${ds.classNames![t.cls]} ${t.box.map((v) => v.toFixed(3)).join(' ')}`)
      .sort()
      .join(' | '),
  ).sort()
}

const EXPECTED = ['cat 0.100 0.167 0.500 0.833 | dog 0.550 0.067 0.950 0.467', 'dog 0.250 0.333 0.750 0.933']

describe('detect-shapes', () => {
  it('is deterministic per seed, with 1–3 valid boxes of the three classes per image', async () => {
    const a = await loadDataset('detect-shapes', { samples: 40, seed: 3 })
    const b = await loadDataset('detect-shapes', { samples: 40, seed: 3 })
    const c = await loadDataset('detect-shapes', { samples: 40, seed: 4 })
    expect(a.task).toBe('detection')
    expect(a.inputShape).toEqual([64, 64, 3])
    expect(a.classNames).toEqual(['rectangle', 'disc', 'triangle'])
    expect(Buffer.from(a.x as Uint8Array).equals(Buffer.from(b.x as Uint8Array))).toBe(true)
    expect(Array.from(a.y)).toEqual(Array.from(b.y))
    expect(Buffer.from(a.x as Uint8Array).equals(Buffer.from(c.x as Uint8Array))).toBe(false)
    const counts = Array.from({ length: a.size }, (_, i) => truthOf(a, i).length)
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(1)
    expect(Math.max(...counts)).toBe(3)
    const seen = new Set<number>()
    for (let i = 0; i < a.size; i++)
      for (const t of truthOf(a, i)) {
        seen.add(t.cls)
        const [x1, y1, x2, y2] = t.box
        expect(x1).toBeGreaterThanOrEqual(0)
        expect(y2).toBeLessThanOrEqual(1)
        // the synthetic sizes: a side of 0.2–0.5 of the image, aspect within 0.75–1.33
        expect(x2 - x1).toBeGreaterThan(0.1)
        expect(y2 - y1).toBeLessThan(0.65)
      }
    expect([...seen].sort()).toEqual([0, 1, 2])
  })

  it('paints each object inside its box: a rectangle fills its box centre with its own colour', async () => {
    const ds = await loadDataset('detect-shapes', { samples: 30, seed: 1, noise: 0 })
    const x = ds.x as Uint8Array
    let checked = 0
    for (let i = 0; i < ds.size; i++)
      for (const t of truthOf(ds, i).filter((b) => b.cls === 0)) {
        const [x1, y1, x2, y2] = t.box.map((v) => Math.round(v * 64))
        const px = (r: number, q: number) =>
          Array.from(x.subarray((i * 4096 + r * 64 + q) * 3, (i * 4096 + r * 64 + q) * 3 + 3))
        // without noise a rectangle is one flat colour from corner to corner of its box
        expect(px(y1, x1)).toEqual(px(y2 - 1, x2 - 1))
        checked++
      }
    expect(checked).toBeGreaterThan(3)
  })
})

describe('user detection formats', () => {
  it.each([
    ['voc', `${FIX}/voc`],
    ['yolo', `${FIX}/yolo`],
    ['coco', `${FIX}/coco/annotations.json`],
  ])('%s fixture loads its two images with the same boxes', async (name, path) => {
    const ds = await loadDataset(name, { path })
    expect(ds.task).toBe('detection')
    expect(ds.classNames).toEqual(['cat', 'dog'])
    expect(ds.size).toBe(2)
    expect(ds.inputShape).toEqual([30, 40, 3])
    expect(allBoxes(ds)).toEqual(EXPECTED)
  })

  it('resizes images to the dataset size; normalised boxes stay', async () => {
    const ds = await loadDataset('voc', { path: `${FIX}/voc`, size: [64, 64] })
    expect(ds.inputShape).toEqual([64, 64, 3])
    expect(allBoxes(ds)).toEqual(EXPECTED)
  })

  function copy(format: string): string {
    const dir = mkdtempSync(join(tmp, `${format}-`))
    cpSync(`${FIX}/${format}`, dir, { recursive: true })
    return dir
  }

  it('VOC: a box outside the image is named by file and line', async () => {
    const dir = copy('voc')
    const file = join(dir, 'Annotations', 'img1.xml')
    writeFileSync(file, readFileSync(file, 'utf8').replace('<xmax>38</xmax>', '<xmax>48</xmax>'))
    await expect(loadDataset('voc', { path: dir })).rejects.toThrow(
      `${file} line 17: box (22, 2, 48, 14) is outside the 40×30 image`,
    )
  })

  it('YOLO: an unknown class id is named by file and line', async () => {
    const dir = copy('yolo')
    const file = join(dir, 'labels', 'img1.txt')
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^1 /m, '5 '))
    await expect(loadDataset('yolo', { path: dir })).rejects.toThrow(
      new RegExp(
        `^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} line 2: box .* has class '5', which is not one of 'cat', 'dog'$`,
      ),
    )
  })

  it('YOLO: a line without five values is named by file and line', async () => {
    const dir = copy('yolo')
    const file = join(dir, 'labels', 'img2.txt')
    writeFileSync(file, '1 0.5 0.5 0.2\n')
    await expect(loadDataset('yolo', { path: dir })).rejects.toThrow(
      `${file} line 1: expected 5 values 'class cx cy w h', but found 4`,
    )
  })

  it('COCO: a zero-size box and an unknown category are named by their annotation index', async () => {
    const dir = copy('coco')
    const file = join(dir, 'annotations.json')
    const doc = JSON.parse(readFileSync(file, 'utf8')) as {
      annotations: { bbox: number[]; category_id: number }[]
    }
    doc.annotations[1].bbox = [22, 2, 0, 12]
    writeFileSync(file, JSON.stringify(doc))
    await expect(loadDataset('coco', { path: file })).rejects.toThrow(
      `${file} annotations[1]: box (22, 2, 22, 14) has zero size (its right/bottom edge is not past its left/top edge)`,
    )
    doc.annotations[1].bbox = [22, 2, 16, 12]
    doc.annotations[2].category_id = 9
    writeFileSync(file, JSON.stringify(doc))
    await expect(loadDataset('coco', { path: file })).rejects.toThrow(
      `${file} annotations[2]: box (10, 10, 30, 28) has class '9'`,
    )
  })
})
