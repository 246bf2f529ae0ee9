/**
 * Small images as base64 bytes, for previews that cross IPC and WebSocket. Uses btoa/atob so the
 * same code runs in the engine (Node) and the renderer (browser).
 */
import type { PixelImage } from '../protocol'

/** Longest side of any preview: enough to recognise a sample, small enough to stream each epoch. */
export const MAX_PREVIEW_SIDE = 64

export function encodePixels(bytes: Uint8Array): string {
  let s = ''
  // String.fromCharCode takes its arguments on the stack: chunk to stay far below its limit
  for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192))
  return btoa(s)
}

export function decodePixels(img: PixelImage): Uint8Array {
  const s = atob(img.data)
  const expected = img.height * img.width * img.channels
  if (s.length !== expected)
    throw new Error(
      `preview image holds ${s.length} bytes, expected ${img.height}×${img.width}×${img.channels}`,
    )
  return Uint8Array.from(s, (ch) => ch.charCodeAt(0))
}

/**
 * Nearest-neighbour downsampling of a channels-last [h, w, c] array by a whole stride, so the
 * longest side is at most `maxSide`; values pass through `toByte` (scaling, or class ids as is).
 */
export function downsampleToImage(
  src: ArrayLike<number>,
  h: number,
  w: number,
  c: 1 | 3,
  toByte: (v: number) => number,
  maxSide = MAX_PREVIEW_SIDE,
): PixelImage {
  const stride = Math.max(1, Math.ceil(Math.max(h, w) / maxSide))
  const height = Math.ceil(h / stride)
  const width = Math.ceil(w / stride)
  const out = new Uint8Array(height * width * c)
  let o = 0
  for (let r = 0; r < height; r++)
    for (let q = 0; q < width; q++) {
      const base = (r * stride * w + q * stride) * c
      for (let k = 0; k < c; k++) out[o++] = toByte(src[base + k])
    }
  return { height, width, channels: c, data: encodePixels(out) }
}
