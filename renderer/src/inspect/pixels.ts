/** Turning the engine's compact arrays into pixels: feature-map tiles, bar strips, filter images. */

export function decodeBase64(s: string): Uint8Array {
  const bin = atob(s)
  const out = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
  return out
}

/** Blue for negative, white for zero, red for positive; `t` in [-1, 1]. */
export function diverging(t: number): [number, number, number] {
  const a = Math.min(1, Math.abs(t))
  const fade = Math.round(255 * (1 - a))
  return t < 0 ? [fade, fade, 255] : [255, fade, fade]
}

export interface Tiles {
  width: number
  height: number
  cols: number
  rgba: Uint8ClampedArray
}

/**
 * Lays `channels` grey h×w images (bytes, channel-major) out in a grid `cols` wide with a
 * one-pixel gap, so a layer's channels fit one canvas.
 */
export function tileChannels(bytes: Uint8Array, h: number, w: number, channels: number, cols: number): Tiles {
  cols = Math.max(1, Math.min(cols, channels))
  const rows = Math.ceil(channels / cols)
  const width = cols * (w + 1) - 1
  const height = rows * (h + 1) - 1
  const rgba = new Uint8ClampedArray(width * height * 4)
  for (let c = 0; c < channels; c++) {
    const ox = (c % cols) * (w + 1)
    const oy = Math.floor(c / cols) * (h + 1)
    for (let r = 0; r < h; r++)
      for (let q = 0; q < w; q++) {
        const v = bytes[c * h * w + r * w + q]
        const o = ((oy + r) * width + ox + q) * 4
        rgba[o] = rgba[o + 1] = rgba[o + 2] = v
        rgba[o + 3] = 255
      }
  }
  return { width, height, cols, rgba }
}

/** One filter as RGBA: RGB kernels scaled from [min, max] to 0..255, grey ones on a diverging scale. */
export function filterPixels(
  kernel: number[],
  kh: number,
  kw: number,
  rgb: boolean,
  min: number,
  max: number,
): Uint8ClampedArray {
  const out = new Uint8ClampedArray(kh * kw * 4)
  const span = max - min || 1
  const amp = Math.max(Math.abs(min), Math.abs(max)) || 1
  for (let p = 0; p < kh * kw; p++) {
    const px = rgb
      ? [0, 1, 2].map((c) => ((kernel[p * 3 + c] - min) / span) * 255)
      : diverging(kernel[p] / amp)
    out.set([px[0], px[1], px[2], 255], p * 4)
  }
  return out
}
