import { readdir, stat } from 'node:fs/promises'
import { basename, extname, join } from 'node:path'
import { checkDatasetBytes } from '../budget/data'
import { limitOf } from './batches'
import { readImage, resizeRgbaToRgb, type Rgba } from './images'
import { firstUnknownColour, hasColour, paletteId, VOC_CLASSES, VOID } from './palette'
import { shuffleIndices } from './random'
import type { Dataset, DatasetOptions } from './types'

const IMAGE_EXT = /\.(png|jpe?g)$/i
/** Mask values up to this are read as class ids; brighter masks are thresholded at 128. */
const MAX_CLASS_ID = 63

const stem = (file: string) => basename(file, extname(file))

async function listImages(dir: string): Promise<string[]> {
  if (!(await stat(dir).catch(() => null))?.isDirectory())
    throw new Error(`${dir}: missing; a segmentation folder holds 'images' and 'masks' sub-folders`)
  return (await readdir(dir)).filter((f) => IMAGE_EXT.test(f) && !f.startsWith('.')).sort()
}

/**
 * Nearest-neighbour resize of a mask (class ids must not blend) into its red channel, the class id
 * of a grey mask, and its palette index, the class id of a colour-coded one.
 */
function resizeMask(src: Rgba, h: number, w: number, red: Uint8Array, palette: Uint8Array) {
  for (let y = 0; y < h; y++) {
    const sy = Math.min(src.height - 1, Math.floor(((y + 0.5) * src.height) / h))
    for (let x = 0; x < w; x++) {
      const sx = Math.min(src.width - 1, Math.floor(((x + 0.5) * src.width) / w))
      const at = (sy * src.width + sx) * 4
      red[y * w + x] = src.data[at]
      // an unknown colour is reported before these values are used
      palette[y * w + x] = Math.max(0, paletteId(src.data[at], src.data[at + 1], src.data[at + 2]))
    }
  }
}

/**
 * Maps raw mask bytes to targets in place and returns the class count: 0/1 or 0/255 masks (and
 * bright anti-aliased ones, cut at 128) are binary (1 class: a single sigmoid output); masks of
 * small values 0…K−1 hold class ids (K classes, per-pixel cross-entropy).
 */
export function encodeMasks(y: Uint8Array): number {
  const seen = new Uint8Array(256)
  for (let i = 0; i < y.length; i++) seen[y[i]] = 1
  let max = 0
  for (let v = 255; v >= 0; v--)
    if (seen[v]) {
      max = v
      break
    }
  const only0and255 = seen.every((s, v) => !s || v === 0 || v === 255)
  if (max <= 1) return 1
  if (only0and255 || max > MAX_CLASS_ID) {
    for (let i = 0; i < y.length; i++) y[i] = y[i] >= 128 ? 1 : 0
    return 1
  }
  return max + 1
}

/**
 * Image + mask pairs for segmentation: `path` holds `images/` and `masks/`; a mask has its image's
 * file name (any of PNG/JPEG, optionally ending in `_mask`) and its size. Everything is resized to
 * `size` or to the first image's size (masks by nearest neighbour). C = 1 when every image is
 * grey, else 3. Grey masks hold class ids (see encodeMasks); once any mask is in colour, every mask
 * is read through VOC's palette (palette.ts), its void outlines left out of the loss and metrics.
 */
export async function loadMaskFolder(opts: DatasetOptions = {}): Promise<Dataset> {
  const folder = opts.path
  if (!folder) throw new Error("masks: no folder given (set path to a folder with 'images' and 'masks')")
  const imageDir = join(folder, 'images')
  const maskDir = join(folder, 'masks')
  const images = await listImages(imageDir)
  const masks = new Map((await listImages(maskDir)).map((f) => [stem(f).replace(/_mask$/, ''), f]))
  if (!images.length) throw new Error(`${imageDir}: no PNG or JPEG images`)
  const pairs = images.map((f) => {
    const m = masks.get(stem(f))
    if (!m)
      throw new Error(
        `${join(imageDir, f)}: no mask for this image in ${maskDir} (expected ${stem(f)}.png or ${stem(f)}_mask.png)`,
      )
    return { image: join(imageDir, f), mask: join(maskDir, m) }
  })

  const order = shuffleIndices(pairs.length, opts.seed ?? 0)
  const n = limitOf(pairs.length, opts)
  let h = opts.size?.[0] ?? 0
  let w = opts.size?.[1] ?? opts.size?.[0] ?? 0
  let rgb = new Uint8Array(0)
  let y = new Uint8Array(0)
  let ids = new Uint8Array(0)
  let coloured = false
  let unknown: string | undefined
  let grey = true
  for (let i = 0; i < n; i++) {
    const { image, mask } = pairs[order[i]]
    const img = await readImage(image)
    const m = await readImage(mask)
    if (m.width !== img.width || m.height !== img.height)
      throw new Error(
        `${mask}: the mask is ${m.width}×${m.height} but its image ${image} is ${img.width}×${img.height}`,
      )
    if (i === 0) {
      h ||= img.height
      w ||= img.width
      checkDatasetBytes(
        folder,
        n,
        h * w * 4,
        `${h}×${w} pixels of RGB and mask${opts.size ? '' : ` (the size of ${image})`}`,
        'set the dataset size (e.g. [64, 64]) or a limit',
      )
      rgb = new Uint8Array(n * h * w * 3)
      y = new Uint8Array(n * h * w)
      ids = new Uint8Array(n * h * w)
    }
    coloured ||= hasColour(m.data)
    if (!unknown) {
      const where = firstUnknownColour(m.data, m.width)
      if (where) unknown = `${mask}: ${where}`
    }
    const out = rgb.subarray(i * h * w * 3, (i + 1) * h * w * 3)
    resizeRgbaToRgb(img, h, w, out)
    resizeMask(m, h, w, y.subarray(i * h * w, (i + 1) * h * w), ids.subarray(i * h * w, (i + 1) * h * w))
    for (let p = 0; grey && p < out.length; p += 3) grey = out[p] === out[p + 1] && out[p] === out[p + 2]
  }
  if (coloured && unknown) throw new Error(unknown)
  const palette = coloured ? paletteClasses(ids) : null
  if (palette) y = ids
  const numClasses = palette ? palette.numClasses : encodeMasks(y)
  const c = grey ? 1 : 3
  const x = grey ? new Uint8Array(n * h * w) : rgb
  if (grey) for (let p = 0; p < x.length; p++) x[p] = rgb[p * 3]
  return {
    name: folder,
    task: 'segmentation',
    inputShape: [h, w, c],
    inputDtype: 'float32',
    targetShape: [h, w, 1],
    numClasses,
    classNames:
      palette?.classNames ??
      (numClasses === 1 ? ['foreground'] : Array.from({ length: numClasses }, (_, k) => `class ${k}`)),
    ...(palette?.void ? { ignoreTarget: VOID } : {}),
    size: n,
    x,
    xScale: 1 / 255,
    y,
    meta: {
      folder: basename(folder),
      pairs: pairs.length,
      unmatchedMasks: masks.size - pairs.length,
      ...(palette ? { masks: 'VOC palette' } : {}),
    },
  }
}

/**
 * Classes of palette-coded masks: every index up to the highest one seen (VOC's names while they
 * reach), and whether any pixel is void.
 */
function paletteClasses(ids: Uint8Array) {
  let max = 0
  let hasVoid = false
  for (const v of ids)
    if (v === VOID) hasVoid = true
    else if (v > max) max = v
  const numClasses = Math.max(2, max + 1)
  const classNames = Array.from({ length: numClasses }, (_, k) => VOC_CLASSES[k] ?? `class ${k}`)
  return { numClasses, classNames, void: hasVoid }
}
