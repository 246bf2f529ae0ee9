/**
 * Images in and out of a style transfer: PNG/JPEG files read as [H, W, C] floats in [0, 1] at the
 * size being synthesised, and the result written back as an 8-bit RGB PNG.
 */
import pngjs from 'pngjs'
import { readImage, resizeRgbaToRgb, type Rgba } from '../data/images'

/** Longest side of the synthesised image when no size is given: a few minutes per run on a CPU. */
export const DEFAULT_MAX_SIDE = 256

/** The content image's size, scaled down (never up) so the longest side is at most `maxSide`. */
export function defaultSize(img: Rgba, maxSide = DEFAULT_MAX_SIDE): [number, number] {
  const scale = Math.min(1, maxSide / Math.max(img.width, img.height))
  return [Math.max(1, Math.round(img.height * scale)), Math.max(1, Math.round(img.width * scale))]
}

/** An image resized (bilinear) to h×w, as floats in [0, 1]; c = 1 averages the RGB channels. */
export function toFloats(img: Rgba, h: number, w: number, c: 1 | 3): Float32Array {
  const rgb = new Uint8Array(h * w * 3)
  resizeRgbaToRgb(img, h, w, rgb)
  const out = new Float32Array(h * w * c)
  for (let p = 0; p < h * w; p++)
    if (c === 3) for (let k = 0; k < 3; k++) out[p * 3 + k] = rgb[p * 3 + k] / 255
    else out[p] = (rgb[p * 3] + rgb[p * 3 + 1] + rgb[p * 3 + 2]) / (3 * 255)
  return out
}

export { readImage }

/** [H, W, C] floats in [0, 1] (clipped) as PNG bytes; a grey image is written as RGB. */
export function encodePng(data: ArrayLike<number>, h: number, w: number, c: 1 | 3): Uint8Array {
  const png = new pngjs.PNG({ width: w, height: h })
  for (let p = 0; p < h * w; p++) {
    for (let k = 0; k < 3; k++) {
      const v = data[p * c + (c === 3 ? k : 0)]
      png.data[p * 4 + k] = Math.round(Math.min(1, Math.max(0, v)) * 255)
    }
    png.data[p * 4 + 3] = 255
  }
  return new Uint8Array(pngjs.PNG.sync.write(png))
}
