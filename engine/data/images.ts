import { readdir, readFile, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import jpeg from 'jpeg-js'
import pngjs from 'pngjs'
import { checkDatasetBytes, formatBytes, MAX_IMAGE_PIXELS } from '../budget/data'
import { limitOf } from './batches'
import { imageDims, isPng } from './image-header'
import { shuffleIndices } from './random'
import type { Dataset, DatasetOptions } from './types'

const IMAGE_EXT = /\.(png|jpe?g)$/i

export interface Rgba {
  width: number
  height: number
  data: Uint8Array
}

/**
 * Decodes by content, not by extension: a .jpg that is really a PNG still loads. The header is
 * read and checked first (image-header.ts), so nothing is decoded that claims too many pixels.
 */
export function decodeImage(buf: Uint8Array): Rgba {
  imageDims(buf)
  if (isPng(buf)) return pngjs.PNG.sync.read(Buffer.from(buf.buffer, buf.byteOffset, buf.length))
  return jpeg.decode(buf, {
    useTArray: true,
    formatAsRGBA: true,
    maxResolutionInMP: MAX_IMAGE_PIXELS / 1e6,
    maxMemoryUsageInMB: 1024,
  })
}

/**
 * Most bytes of one image file read: a PNG of the largest image Deepwire decodes, stored without
 * compression at 16 bits per RGBA channel, with room for its chunks.
 */
const MAX_IMAGE_FILE_BYTES = 8 * MAX_IMAGE_PIXELS + 2 ** 20

/** Reads and decodes one image file; every failure names the file. */
export async function readImage(file: string): Promise<Rgba> {
  try {
    const { size } = await stat(file)
    if (size > MAX_IMAGE_FILE_BYTES)
      throw new Error(
        `the file is ${formatBytes(size)}, more than the ${formatBytes(MAX_IMAGE_FILE_BYTES)} an image may take`,
      )
    return decodeImage(await readFile(file))
  } catch (e) {
    throw new Error(`${file}: cannot read the image (${(e as Error).message})`, { cause: e })
  }
}

/**
 * Bilinear resize (pixel centres aligned, as in most image libraries) of an RGBA image into
 * `out` as RGB; alpha is dropped. Same size degenerates to a copy.
 */
export function resizeRgbaToRgb(src: Rgba, h: number, w: number, out: Uint8Array) {
  const { width: sw, height: sh, data } = src
  const sy = sh / h
  const sx = sw / w
  for (let y = 0; y < h; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), sh - 1)
    const y0 = Math.floor(fy)
    const y1 = Math.min(y0 + 1, sh - 1)
    const wy = fy - y0
    for (let x = 0; x < w; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), sw - 1)
      const x0 = Math.floor(fx)
      const x1 = Math.min(x0 + 1, sw - 1)
      const wx = fx - x0
      for (let c = 0; c < 3; c++) {
        const a = data[(y0 * sw + x0) * 4 + c]
        const b = data[(y0 * sw + x1) * 4 + c]
        const d = data[(y1 * sw + x0) * 4 + c]
        const e = data[(y1 * sw + x1) * 4 + c]
        const top = a + (b - a) * wx
        const bottom = d + (e - d) * wx
        out[(y * w + x) * 3 + c] = Math.round(top + (bottom - top) * wy)
      }
    }
  }
}

async function listClasses(folder: string) {
  let entries
  try {
    entries = await readdir(folder, { withFileTypes: true })
  } catch (e) {
    throw new Error(`${folder}: cannot open the image folder (${(e as Error).message})`, { cause: e })
  }
  const classes = entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort()
  const files: { file: string; label: number }[] = []
  for (const [label, name] of classes.entries()) {
    const names = (await readdir(join(folder, name))).filter((f) => IMAGE_EXT.test(f) && !f.startsWith('.'))
    if (names.length === 0) throw new Error(`${join(folder, name)}: class folder has no PNG or JPEG images`)
    for (const f of names.sort()) files.push({ file: join(folder, name, f), label })
  }
  return { classes, files }
}

/**
 * An image-classification set from a folder with one sub-folder per class (sorted names = class
 * ids). Every image is resized to opts.size or to the first image's size. C = 1 when every image
 * is grey (R = G = B everywhere), else 3 (grey images are then repeated over RGB).
 */
export async function loadImageFolder(opts: DatasetOptions = {}): Promise<Dataset> {
  const folder = opts.path
  if (!folder) throw new Error('images: no folder given (set path to a folder with one sub-folder per class)')
  if (!(await stat(folder).catch(() => null))?.isDirectory())
    throw new Error(`${folder}: not a folder (images expects a folder with one sub-folder per class)`)
  const { classes, files } = await listClasses(folder)
  if (classes.length === 0)
    throw new Error(`${folder}: no images found; put PNG or JPEG files into one sub-folder per class`)
  if (classes.length < 2)
    throw new Error(
      `${folder}: found ${classes.length} class folder(s) (${classes.join(', ')}); need at least 2`,
    )

  const order = shuffleIndices(files.length, opts.seed ?? 0)
  const n = limitOf(files.length, opts)
  let h = opts.size?.[0] ?? 0
  let w = opts.size?.[1] ?? opts.size?.[0] ?? 0
  let rgb = new Uint8Array(0)
  const y = new Int32Array(n)
  let grey = true
  for (let i = 0; i < n; i++) {
    const { file, label } = files[order[i]]
    const img = await readImage(file)
    if (i === 0) {
      h ||= img.height
      w ||= img.width
      checkDatasetBytes(
        folder,
        n,
        h * w * 3,
        `${h}×${w} RGB pixels${opts.size ? '' : ` (the size of ${file})`}`,
        'set the dataset size (e.g. [64, 64]) or a limit',
      )
      rgb = new Uint8Array(n * h * w * 3)
    }
    const out = rgb.subarray(i * h * w * 3, (i + 1) * h * w * 3)
    resizeRgbaToRgb(img, h, w, out)
    for (let p = 0; grey && p < out.length; p += 3) grey = out[p] === out[p + 1] && out[p] === out[p + 2]
    y[i] = label
  }
  const c = grey ? 1 : 3
  const x = grey ? new Uint8Array(n * h * w) : rgb
  if (grey) for (let p = 0; p < x.length; p++) x[p] = rgb[p * 3]
  return {
    name: folder,
    task: 'classification',
    inputShape: [h, w, c],
    inputDtype: 'float32',
    targetShape: [],
    numClasses: classes.length,
    classNames: classes,
    size: n,
    x,
    xScale: 1 / 255,
    y,
    meta: { folder: basename(folder), files: files.length },
  }
}
