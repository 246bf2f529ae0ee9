import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import jpeg from 'jpeg-js'
import pngjs from 'pngjs'
import { describe, expect, it } from 'vitest'
import { loadImageFolder, resizeRgbaToRgb } from '../../../engine/data/images'
import { tempDir } from './tmp'

const root = tempDir('images')

/** An RGBA image filled with one colour (or a per-pixel function). */
function rgba(w: number, h: number, colour: (x: number, y: number) => number[]) {
  const data = new Uint8Array(w * h * 4)
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) data.set([...colour(x, y), 255].slice(0, 4), (y * w + x) * 4)
  return { width: w, height: h, data }
}

function writePng(file: string, img: ReturnType<typeof rgba>) {
  const png = new pngjs.PNG({ width: img.width, height: img.height })
  png.data = Buffer.from(img.data)
  mkdirSync(join(file, '..'), { recursive: true })
  writeFileSync(file, pngjs.PNG.sync.write(png))
}

function folder(name: string, files: Record<string, ReturnType<typeof rgba> | Buffer>) {
  const dir = join(root, name)
  for (const [rel, img] of Object.entries(files)) {
    if (Buffer.isBuffer(img)) {
      mkdirSync(join(dir, rel, '..'), { recursive: true })
      writeFileSync(join(dir, rel), img)
    } else writePng(join(dir, rel), img)
  }
  return dir
}

const grey = (v: number) => () => [v, v, v]

describe('image folders', () => {
  it('grey PNGs → [H, W, 1] bytes, sorted folder names as classes, labels on their images', async () => {
    const dir = folder('grey', {
      'cat/a.png': rgba(6, 4, grey(10)),
      'cat/b.png': rgba(6, 4, grey(11)),
      'dog/a.png': rgba(6, 4, grey(200)),
      'dog/b.PNG': rgba(6, 4, grey(201)),
      'dog/c.png': rgba(6, 4, grey(202)),
      'dog/notes.txt': Buffer.from('ignored'),
    })
    const ds = await loadImageFolder({ path: dir })
    expect(ds.classNames).toEqual(['cat', 'dog'])
    expect(ds.inputShape).toEqual([4, 6, 1])
    expect(ds.size).toBe(5)
    expect(ds.xScale).toBeCloseTo(1 / 255)
    for (let i = 0; i < ds.size; i++) expect(ds.y[i]).toBe(ds.x[i * 24] > 100 ? 1 : 0)
    expect([...ds.x].filter((v) => v === 201)).toHaveLength(24)
    const again = await loadImageFolder({ path: dir })
    expect(again.x).toEqual(ds.x)
    expect((await loadImageFolder({ path: dir, seed: 5 })).x).not.toEqual(ds.x)
    expect((await loadImageFolder({ path: dir, limit: 2 })).size).toBe(2)
  })

  it('any colour image makes C = 3, grey ones are repeated over RGB; JPEG decodes', async () => {
    const photo = jpeg.encode(
      rgba(8, 8, () => [220, 30, 30]),
      95,
    ).data
    const dir = folder('mixed', {
      'a/grey.png': rgba(8, 8, grey(90)),
      'b/red.jpg': photo,
    })
    const ds = await loadImageFolder({ path: dir })
    expect(ds.inputShape).toEqual([8, 8, 3])
    for (let i = 0; i < ds.size; i++) {
      const [r, g, b] = ds.x.subarray(i * 192, i * 192 + 3)
      if (ds.y[i] === 0) expect([r, g, b]).toEqual([90, 90, 90])
      else {
        expect(Math.abs(r - 220)).toBeLessThan(12)
        expect(Math.abs(g - 30)).toBeLessThan(12)
      }
    }
  })

  it('resizes to opts.size, else to the first image’s size', async () => {
    const dir = folder('sizes', {
      'a/big.png': rgba(10, 10, grey(50)),
      'b/small.png': rgba(5, 5, grey(150)),
    })
    const ds = await loadImageFolder({ path: dir, size: [3, 4] })
    expect(ds.inputShape).toEqual([3, 4, 1])
    expect([...new Set(ds.x)].sort()).toEqual([150, 50].sort())
    const natural = await loadImageFolder({ path: dir })
    expect([10, 5]).toContain(natural.inputShape[0])
    expect(natural.x.length).toBe(2 * natural.inputShape[0] ** 2)
  })

  it('bilinear resize interpolates between pixel centres', () => {
    const src = rgba(2, 1, (x) => (x === 0 ? [0, 0, 0] : [255, 255, 255]))
    const out = new Uint8Array(4 * 3)
    resizeRgbaToRgb(src, 1, 4, out)
    expect([...out].filter((_, i) => i % 3 === 0)).toEqual([0, 64, 191, 255])
  })
})

describe('image folder errors', () => {
  it('names an unreadable image', async () => {
    const dir = folder('broken', {
      'a/ok.png': rgba(2, 2, grey(1)),
      'b/bad.png': Buffer.from('not really a png'),
    })
    await expect(loadImageFolder({ path: dir })).rejects.toThrow(/b[/\\]bad\.png: cannot read the image/)
  })

  it('needs at least two classes', async () => {
    const dir = folder('single', { 'only/a.png': rgba(2, 2, grey(1)) })
    await expect(loadImageFolder({ path: dir })).rejects.toThrow(
      /single: found 1 class folder\(s\) \(only\); need at least 2/,
    )
  })

  it('reports a folder without images and an empty class folder', async () => {
    const none = join(root, 'none')
    mkdirSync(none, { recursive: true })
    writeFileSync(join(none, 'loose.png'), 'x')
    await expect(loadImageFolder({ path: none })).rejects.toThrow(/none: no images found/)
    const empty = folder('emptyclass', { 'a/x.png': rgba(2, 2, grey(1)) })
    mkdirSync(join(empty, 'b'))
    await expect(loadImageFolder({ path: empty })).rejects.toThrow(
      /emptyclass[/\\]b: class folder has no PNG or JPEG/,
    )
    await expect(loadImageFolder({ path: join(root, 'missing') })).rejects.toThrow(/missing: not a folder/)
  })
})
