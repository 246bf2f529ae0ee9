/**
 * An image's dimensions read from its header, before anything is decoded: a PNG's IHDR or a
 * JPEG's SOF frame header. The decoders allocate what the header they trust claims, so a file
 * that claims too much, or that has a second header the decoder would trust instead of the
 * first, is refused here.
 */
import { checkImagePixels } from '../budget/data'

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

export const isPng = (buf: Uint8Array): boolean => PNG_SIGNATURE.every((b, i) => buf[i] === b)
export const isJpeg = (buf: Uint8Array): boolean => buf[0] === 0xff && buf[1] === 0xd8

const viewOf = (buf: Uint8Array) => new DataView(buf.buffer, buf.byteOffset, buf.byteLength)

/**
 * Walks the chunk list (length, type, data, CRC): the first chunk must be the only IHDR.
 * Stops at IEND or where the chunks run past the end (the decoder reports truncation).
 */
function pngDims(buf: Uint8Array): { width: number; height: number } {
  const view = viewOf(buf)
  let dims: { width: number; height: number } | undefined
  for (let at = 8; at + 8 <= buf.length;) {
    const length = view.getUint32(at)
    const type = String.fromCharCode(...buf.subarray(at + 4, at + 8))
    if (type === 'IHDR') {
      if (dims) throw new Error(`the PNG has a second IHDR header (at byte ${at}); a PNG has exactly one`)
      if (at !== 8) throw new Error('the PNG does not start with its IHDR header')
      if (length < 8 || at + 16 > buf.length) throw new Error('the PNG IHDR header is truncated')
      dims = { width: view.getUint32(at + 8), height: view.getUint32(at + 12) }
    } else if (!dims) throw new Error('the PNG does not start with its IHDR header')
    if (type === 'IEND') break
    at += 12 + length
  }
  if (!dims) throw new Error('the PNG has no IHDR header')
  return dims
}

// start-of-frame markers: C0–CF but DHT (C4), JPG (C8) and DAC (CC)
const isSof = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc

/** Walks the marker segments up to the first scan: exactly one frame header may come before it. */
function jpegDims(buf: Uint8Array): { width: number; height: number } {
  const view = viewOf(buf)
  let dims: { width: number; height: number } | undefined
  for (let at = 2; at + 4 <= buf.length;) {
    if (buf[at] !== 0xff) throw new Error(`the JPEG has no marker at byte ${at}`)
    const marker = buf[at + 1]
    if (marker === 0xff) {
      at++ // fill byte
      continue
    }
    // standalone markers carry no length
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      at += 2
      continue
    }
    if (marker === 0xd9 || marker === 0xda) break
    const length = view.getUint16(at + 2)
    if (isSof(marker)) {
      if (dims) throw new Error(`the JPEG has a second frame header (at byte ${at}); it may have one`)
      if (at + 9 > buf.length) throw new Error('the JPEG frame header is truncated')
      dims = { height: view.getUint16(at + 5), width: view.getUint16(at + 7) }
    }
    at += 2 + length
  }
  if (!dims) throw new Error('the JPEG has no frame header before its image data')
  return dims
}

/** The PNG's or JPEG's width and height; throws when a header is missing, doubled or too large. */
export function imageDims(buf: Uint8Array): { width: number; height: number } {
  const png = isPng(buf)
  if (!png && !isJpeg(buf)) throw new Error('not a PNG or JPEG file')
  const dims = png ? pngDims(buf) : jpegDims(buf)
  checkImagePixels(dims.width, dims.height, png ? 'PNG' : 'JPEG')
  return dims
}
