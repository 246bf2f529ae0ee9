import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { loadIdx } from '../../../engine/data/idx'
import { loadDataset } from '../../../engine/data/registry'
import { tempDir } from './tmp'

const dir = tempDir('idx')

/** An IDX file: magic 0x0000 08 ndims, big-endian dims, bytes. */
function idx(dims: number[], data: Uint8Array, type = 0x08) {
  const head = Buffer.alloc(4 + 4 * dims.length)
  head[2] = type
  head[3] = dims.length
  dims.forEach((d, i) => head.writeUInt32BE(d, 4 + 4 * i))
  return Buffer.concat([head, data])
}

const write = (name: string, buf: Buffer) => {
  const file = join(dir, name)
  writeFileSync(file, buf)
  return file
}

// Image i is filled with 20 × its label, so every sample shows whether its label travelled with it.
const N = 12
const labels = Uint8Array.from({ length: N }, (_, i) => i % 4)
const pixels = new Uint8Array(N * 3 * 2)
for (let i = 0; i < N; i++) pixels.fill(labels[i] * 20, i * 6, (i + 1) * 6)
const imagesFile = write('train-images-idx3-ubyte', idx([N, 3, 2], pixels))
const labelsFile = write('train-labels-idx1-ubyte', idx([N], labels))

describe('idx', () => {
  it('loads images and labels, labels on their images', async () => {
    const ds = await loadIdx({ path: imagesFile, target: labelsFile })
    expect(ds.size).toBe(N)
    expect(ds.inputShape).toEqual([3, 2, 1])
    expect(ds.numClasses).toBe(4)
    expect(ds.xScale).toBeCloseTo(1 / 255)
    for (let i = 0; i < N; i++)
      expect([...ds.x.subarray(i * 6, (i + 1) * 6)]).toEqual(new Array(6).fill(ds.y[i] * 20))
    expect([...ds.y].sort()).toEqual([...labels].sort())
    expect(ds.x.constructor).toBe(Uint8Array)
  })

  it('reads gzip-compressed files, finds the labels file by name, honours seed and limit', async () => {
    const gzImages = write('t10k-images-idx3-ubyte.gz', gzipSync(idx([N, 3, 2], pixels)))
    write('t10k-labels-idx1-ubyte.gz', gzipSync(idx([N], labels)))
    const a = await loadDataset('idx', { path: gzImages })
    const b = await loadIdx({ path: imagesFile, target: labelsFile })
    expect(a.x).toEqual(b.x)
    expect(a.y).toEqual(b.y)
    expect((await loadIdx({ path: gzImages, seed: 3 })).y).not.toEqual(a.y)
    expect((await loadIdx({ path: gzImages, limit: 5 })).size).toBe(5)
  })

  it('reads 4-D (channels) image files', async () => {
    const rgb = write('rgb-images', idx([2, 1, 1, 3], Uint8Array.from([1, 2, 3, 4, 5, 6])))
    const ds = await loadIdx({ path: rgb, target: write('rgb-labels', idx([2], Uint8Array.from([0, 1]))) })
    expect(ds.inputShape).toEqual([1, 1, 3])
  })
})

describe('idx errors name the file', () => {
  it('wrong magic (files swapped) names the file and the magic found', async () => {
    await expect(loadIdx({ path: labelsFile, target: imagesFile })).rejects.toThrow(
      /train-labels-idx1-ubyte: magic number 0x00000801 is not an IDX images file \(expected 0x00000803 or 0x00000804\)/,
    )
    const png = write('photo.idx', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]))
    await expect(loadIdx({ path: png, target: labelsFile })).rejects.toThrow(
      /photo\.idx: magic number 0x89504e47/,
    )
  })

  it('count mismatch names both files and counts', async () => {
    const short = write('short-labels', idx([N - 1], labels.subarray(0, N - 1)))
    await expect(loadIdx({ path: imagesFile, target: short })).rejects.toThrow(
      /train-images-idx3-ubyte holds 12 images but .*short-labels holds 11 labels/,
    )
  })

  it('truncated data, non-byte types, bad gzip and a missing labels file', async () => {
    const cut = write('cut-images', idx([N, 3, 2], pixels).subarray(0, 30))
    await expect(loadIdx({ path: cut, target: labelsFile })).rejects.toThrow(
      /cut-images: header says 12×3×2 = 72 bytes/,
    )
    const floats = write('float-images', idx([1, 1, 1], new Uint8Array(4), 0x0d))
    await expect(loadIdx({ path: floats, target: labelsFile })).rejects.toThrow(
      /float-images: magic number 0x00000d03: IDX value type 0d is not supported/,
    )
    const badGz = write('bad.gz', Buffer.from([0x1f, 0x8b, 1, 2, 3]))
    await expect(loadIdx({ path: badGz, target: labelsFile })).rejects.toThrow(
      /bad\.gz: looks gzip-compressed/,
    )
    const alone = write('alone-data', idx([N, 3, 2], pixels))
    await expect(loadIdx({ path: alone })).rejects.toThrow(/no labels file given for .*alone-data/)
    await expect(loadIdx({ path: join(dir, 'nothing'), target: labelsFile })).rejects.toThrow(
      /nothing: cannot read the images file/,
    )
  })
})
