/**
 * Image headers read before decoding: a PNG has exactly one IHDR, first; a JPEG one frame header
 * before its scan; neither may claim more pixels than Deepwire decodes.
 */
import { closeSync, openSync, ftruncateSync } from 'node:fs'
import { join } from 'node:path'
import jpeg from 'jpeg-js'
import pngjs from 'pngjs'
import { describe, expect, it } from 'vitest'
import { MAX_IMAGE_PIXELS } from '../../../engine/budget/data'
import { imageDims } from '../../../engine/data/image-header'
import { decodeImage, readImage } from '../../../engine/data/images'
import { tempDir } from './tmp'

function png(w: number, h: number): Buffer {
  const img = new pngjs.PNG({ width: w, height: h })
  img.data.fill(90)
  return pngjs.PNG.sync.write(img)
}

function jpg(w: number, h: number): Buffer {
  return Buffer.from(jpeg.encode({ width: w, height: h, data: Buffer.alloc(w * h * 4, 90) }, 90).data)
}

/** Offset of the first JPEG frame header (SOF0, which jpeg-js writes). */
const sofAt = (buf: Buffer) => buf.indexOf(Buffer.from([0xff, 0xc0]))

describe('imageDims', () => {
  it('reads PNG and JPEG dimensions', () => {
    expect(imageDims(png(7, 5))).toEqual({ width: 7, height: 5 })
    expect(imageDims(jpg(9, 4))).toEqual({ width: 9, height: 4 })
  })

  it('refuses a PNG with a second IHDR, whatever it claims', () => {
    const p = png(4, 4)
    const twice = Buffer.concat([p.subarray(0, 33), p.subarray(8, 33), p.subarray(33)])
    expect(() => imageDims(twice)).toThrow('the PNG has a second IHDR header (at byte 33)')
    expect(() => decodeImage(twice)).toThrow(/second IHDR/)
  })

  it('refuses a PNG whose first chunk is not IHDR', () => {
    const p = png(4, 4)
    const text = Buffer.from('0000000474455874616263640000000000', 'hex') // a tEXt chunk, CRC unchecked here
    expect(() => imageDims(Buffer.concat([p.subarray(0, 8), text, p.subarray(8)]))).toThrow(
      'the PNG does not start with its IHDR header',
    )
  })

  it('refuses a JPEG frame header claiming 60000×60000', () => {
    const j = jpg(8, 8)
    const at = sofAt(j)
    j.writeUInt16BE(60000, at + 5)
    j.writeUInt16BE(60000, at + 7)
    expect(MAX_IMAGE_PIXELS).toBeLessThan(60000 * 60000)
    expect(() => imageDims(j)).toThrow(
      `the JPEG claims 60000×60000 pixels (13.4 GiB decoded), more than the 67,108,864 pixels Deepwire decodes`,
    )
  })

  it('refuses a JPEG with two frame headers', () => {
    const j = jpg(8, 8)
    const at = sofAt(j)
    const sof = j.subarray(at, at + 2 + j.readUInt16BE(at + 2))
    const twice = Buffer.concat([j.subarray(0, at), sof, j.subarray(at)])
    expect(() => imageDims(twice)).toThrow(`the JPEG has a second frame header (at byte ${at + sof.length})`)
  })

  it('refuses what is neither', () => {
    expect(() => imageDims(Buffer.from('GIF89a'))).toThrow('not a PNG or JPEG file')
  })
})

describe('readImage', () => {
  it('refuses a file larger than any image it decodes, without reading it', async () => {
    // sparse: 600 MB on paper, nothing on disk
    const f = join(tempDir('image-size'), 'huge.png')
    const fd = openSync(f, 'w')
    ftruncateSync(fd, 600 * 2 ** 20)
    closeSync(fd)
    await expect(readImage(f)).rejects.toThrow(
      `${f}: cannot read the image (the file is 600.0 MiB, more than the 513.0 MiB an image may take)`,
    )
  })
})
