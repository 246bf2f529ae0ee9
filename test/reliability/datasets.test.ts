/**
 * Damaged and awkward datasets, loaded as the app loads them (through the registry): each is
 * refused with one message naming the file and, where there is one, the line or entry — or,
 * for what the engine can handle (mixed image sizes), loaded correctly.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pngjs from 'pngjs'
import { afterAll, describe, expect, it } from 'vitest'
import { loadDataset } from '../../engine/data/registry'

const dir = mkdtempSync(path.join(tmpdir(), 'dw-datasets-'))
let refused = 0
let loaded = 0

afterAll(() =>
  console.log(
    `datasets: ${refused} malformed inputs refused with file and position, ${loaded} awkward ones loaded`,
  ),
)

const file = (name: string, content: string | Uint8Array) => {
  const f = path.join(dir, name)
  mkdirSync(path.dirname(f), { recursive: true })
  writeFileSync(f, content)
  return f
}

async function refuses(name: string, opts: Record<string, unknown>, message: RegExp) {
  await expect(loadDataset(name, opts)).rejects.toThrow(message)
  refused++
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

describe('CSV files', () => {
  const csv = (name: string, text: string) => file(name, text)
  it.each([
    ['missing value', 'a,b,y\n1,2,0\n3,,1\n', /line 3, column "b": missing value/],
    ['NA value', 'a,b,y\n1,2,0\n3,NA,1\n', /line 3, column "b": missing value "NA"/],
    ['ragged row', 'a,b,y\n1,2,0\n3,4\n', /line 3: 2 values but the header has 3 columns/],
    ['non-numeric cell', 'a,b,y\n1,2,0\n3,4,1\n5,x7,0\n', /line 4, column "b": "x7" is not a number/],
    ['unclosed quote', 'a,b,y\n1,"2,0\n', /line 2: a quoted field is never closed/],
    ['header only', 'a,b,y\n', /has a header but no data rows/],
    ['empty file', '', /is empty: expected a header row and data rows/],
    ['duplicate column', 'a,a,y\n1,2,0\n', /line 1: the header names column "a" twice/],
  ])('%s', async (label, text, message) => {
    const f = csv(`${label.replace(/\W/g, '-')}.csv`, text)
    await refuses('csv', { path: f }, new RegExp(`${esc(f)}.*${message.source}`))
  })

  it('a target column that does not exist', async () => {
    const f = csv('target.csv', 'a,b,y\n1,2,0\n3,4,1\n')
    await refuses(
      'csv',
      { path: f, target: 'label' },
      /no column "label" to predict; the columns are a, b, y/,
    )
  })

  it('a file that is not there', async () => {
    await refuses('csv', { path: path.join(dir, 'nope.csv') }, /nope\.csv: cannot read the file/)
  })
})

function png(w: number, h: number, value: number): Uint8Array {
  const img = new pngjs.PNG({ width: w, height: h })
  img.data.fill(value)
  for (let i = 3; i < img.data.length; i += 4) img.data[i] = 255
  return pngjs.PNG.sync.write(img)
}

describe('image folders', () => {
  it('an unreadable image names the file', async () => {
    const root = path.join(dir, 'broken')
    file('broken/cat/a.png', png(4, 4, 10))
    file('broken/dog/b.png', png(4, 4, 200))
    const bad = file('broken/dog/c.png', 'this is not a picture')
    await refuses(
      'images',
      { path: root },
      new RegExp(`${esc(bad)}: cannot read the image \\(not a PNG or JPEG file\\)`),
    )
  })

  it('a truncated PNG names the file', async () => {
    const root = path.join(dir, 'truncated')
    file('truncated/cat/a.png', png(4, 4, 10))
    const cut = file('truncated/dog/b.png', png(8, 8, 200).subarray(0, 40))
    await refuses('images', { path: root }, new RegExp(`${esc(cut)}: cannot read the image`))
  })

  it('a PNG claiming enormous dimensions is refused before decoding', async () => {
    const root = path.join(dir, 'bomb')
    file('bomb/cat/a.png', png(4, 4, 10))
    const header = Buffer.from(png(4, 4, 10))
    header.writeUInt32BE(100_000, 16)
    header.writeUInt32BE(100_000, 20)
    const bomb = file('bomb/dog/b.png', header)
    await refuses(
      'images',
      { path: root, size: [4, 4] },
      new RegExp(`${esc(bomb)}: cannot read the image \\(the PNG claims 100000×100000`),
    )
  })

  it('one class only', async () => {
    const root = path.join(dir, 'one')
    file('one/cat/a.png', png(4, 4, 10))
    await refuses('images', { path: root }, /found 1 class folder\(s\) \(cat\); need at least 2/)
  })

  it('an empty class folder', async () => {
    const root = path.join(dir, 'emptyclass')
    file('emptyclass/cat/a.png', png(4, 4, 10))
    mkdirSync(path.join(root, 'dog'), { recursive: true })
    await refuses('images', { path: root }, /emptyclass\/dog: class folder has no PNG or JPEG images/)
  })

  it('a path that is a file, not a folder', async () => {
    await refuses('images', { path: file('plain.txt', 'x') }, /plain\.txt: not a folder/)
  })

  it('mixed sizes load at one common size', async () => {
    const root = path.join(dir, 'mixed')
    file('mixed/cat/a.png', png(4, 4, 10))
    file('mixed/cat/b.png', png(9, 5, 10))
    file('mixed/dog/c.png', png(16, 16, 200))
    const ds = await loadDataset('images', { path: root, size: [6, 6] })
    expect(ds.inputShape).toEqual([6, 6, 1])
    expect(ds.size).toBe(3)
    loaded++
  })
})

/** An IDX file: magic 0x0000 08 ndims, big-endian dims, bytes. */
function idx(dims: number[], data: Uint8Array, magic3 = dims.length) {
  const head = Buffer.alloc(4 + 4 * dims.length)
  head[2] = 0x08
  head[3] = magic3
  dims.forEach((d, i) => head.writeUInt32BE(d, 4 + 4 * i))
  return Buffer.concat([head, data])
}

describe('IDX files', () => {
  const images = file('idx/images-idx3-ubyte', idx([3, 2, 2], new Uint8Array(12)))
  const labels = file('idx/labels-idx1-ubyte', idx([3], Uint8Array.from([0, 1, 0])))

  it('wrong magic number', async () => {
    const bad = file('idx/bad-magic', Buffer.from([0x12, 0x34, 0x56, 0x78, 0, 0, 0, 1]))
    await refuses('idx', { path: bad, target: labels }, new RegExp(`${esc(bad)}: magic number`))
  })

  it('labels given as images', async () => {
    await refuses('idx', { path: labels, target: labels }, new RegExp(`${esc(labels)}: .*not an IDX`))
  })

  it('truncated data', async () => {
    const cut = file('idx/cut-idx3-ubyte', idx([3, 2, 2], new Uint8Array(5)))
    await refuses(
      'idx',
      { path: cut, target: labels },
      new RegExp(`${esc(cut)}: header says 3×2×2 = 12 bytes of data but the file holds 5`),
    )
  })

  it('a label count that does not match the images', async () => {
    const two = file('idx/two-labels', idx([2], Uint8Array.from([0, 1])))
    await refuses(
      'idx',
      { path: images, target: two },
      /holds 3 images but .*two-labels holds 2 labels; they must match/,
    )
  })
})

describe('text files', () => {
  it('an empty text file', async () => {
    const f = file('empty.txt', '')
    await refuses('text', { path: f }, new RegExp(`${esc(f)} is empty: a language model needs some text`))
  })

  it('a text file that is not there', async () => {
    await refuses('text', { path: path.join(dir, 'none.txt') }, /none\.txt: cannot read the text file/)
  })
})
