/**
 * The course's image-augmentation chapter beyond flips and shifts: torchvision's ColorJitter
 * saturation and hue, and RandomResizedCrop. Pure array maths on one [H, W, C] image in 0..1, so
 * the training pipeline and the Data panel's preview run the same code.
 */
import type { Rng } from './random'

export interface CropBox {
  top: number
  left: number
  height: number
  width: number
}

/** Draws RandomResizedCrop makes for one image: 10 attempts of (area, log-ratio, top, left). */
export const RESIZED_CROP_DRAWS = 40

/**
 * torchvision's RandomResizedCrop.get_params with a fixed number of draws (the first of 10
 * attempts that fits wins), so every image uses the same share of the generator whatever it
 * decides: the area is a share in `scale` of the image, the aspect ratio log-uniform in `ratio`;
 * when no attempt fits, the centre crop with the ratio clamped into `ratio`.
 */
export function resizedCropBox(
  h: number,
  w: number,
  scale: readonly [number, number],
  ratio: readonly [number, number],
  rand: Rng,
): CropBox {
  const area = h * w
  const [lo, hi] = [Math.log(ratio[0]), Math.log(ratio[1])]
  let box: CropBox | null = null
  for (let k = 0; k < 10; k++) {
    const target = area * rand.uniform(scale[0], scale[1])
    const r = Math.exp(rand.uniform(lo, hi))
    const cw = Math.round(Math.sqrt(target * r))
    const ch = Math.round(Math.sqrt(target / r))
    const ui = rand()
    const uj = rand()
    if (!box && cw > 0 && ch > 0 && cw <= w && ch <= h)
      box = { top: Math.floor(ui * (h - ch + 1)), left: Math.floor(uj * (w - cw + 1)), height: ch, width: cw }
  }
  if (box) return box
  const inRatio = w / h
  let [cw, ch] = [w, h]
  if (inRatio < ratio[0]) ch = Math.round(w / ratio[0])
  else if (inRatio > ratio[1]) cw = Math.round(h * ratio[1])
  return { top: Math.floor((h - ch) / 2), left: Math.floor((w - cw) / 2), height: ch, width: cw }
}

/**
 * Resamples the box of an [h, w, c] image back to h × w in place: bilinear with half-pixel
 * centres (torchvision's resize without antialiasing) for pixels, nearest for label masks.
 */
export function cropResize<A extends Float32Array | Int32Array>(
  img: A,
  h: number,
  w: number,
  c: number,
  box: CropBox,
  mode: 'bilinear' | 'nearest',
): void {
  const src = img.slice() as A
  const sy = box.height / h
  const sx = box.width / w
  for (let r = 0; r < h; r++)
    for (let q = 0; q < w; q++) {
      const o = (r * w + q) * c
      if (mode === 'nearest') {
        const y = box.top + Math.min(box.height - 1, Math.floor((r + 0.5) * sy))
        const x = box.left + Math.min(box.width - 1, Math.floor((q + 0.5) * sx))
        for (let ch = 0; ch < c; ch++) img[o + ch] = src[(y * w + x) * c + ch]
        continue
      }
      const fy = Math.min(Math.max((r + 0.5) * sy - 0.5, 0), box.height - 1)
      const fx = Math.min(Math.max((q + 0.5) * sx - 0.5, 0), box.width - 1)
      const y0 = Math.floor(fy)
      const x0 = Math.floor(fx)
      const y1 = Math.min(y0 + 1, box.height - 1)
      const x1 = Math.min(x0 + 1, box.width - 1)
      const [ay, ax] = [fy - y0, fx - x0]
      const at = (y: number, x: number, ch: number) => src[((box.top + y) * w + box.left + x) * c + ch]
      for (let ch = 0; ch < c; ch++)
        img[o + ch] =
          (1 - ay) * ((1 - ax) * at(y0, x0, ch) + ax * at(y0, x1, ch)) +
          ay * ((1 - ax) * at(y1, x0, ch) + ax * at(y1, x1, ch))
    }
}

/**
 * torchvision's adjust_saturation: a blend with the image's grey (ITU-R 601 luma) by `factor`,
 * clamped to 0..1. Single-channel images have no saturation and stay as they are.
 */
export function adjustSaturation(img: Float32Array, c: number, factor: number): void {
  if (c !== 3) return
  for (let i = 0; i < img.length; i += 3) {
    const grey = 0.299 * img[i] + 0.587 * img[i + 1] + 0.114 * img[i + 2]
    for (let k = 0; k < 3; k++) img[i + k] = Math.min(1, Math.max(0, grey + factor * (img[i + k] - grey)))
  }
}

/**
 * torchvision's adjust_hue: turns every pixel's hue by `shift` of a full turn (−0.5..0.5) in HSV,
 * keeping saturation and value. Single-channel images have no hue and stay as they are.
 */
export function adjustHue(img: Float32Array, c: number, shift: number): void {
  if (c !== 3 || shift === 0) return
  for (let i = 0; i < img.length; i += 3) {
    const [r, g, b] = [img[i], img[i + 1], img[i + 2]]
    const max = Math.max(r, g, b)
    const min = Math.min(r, g, b)
    const d = max - min
    if (d === 0) continue
    let hue = max === r ? (g - b) / d : max === g ? (b - r) / d + 2 : (r - g) / d + 4
    hue = (((hue / 6 + shift) % 1) + 1) % 1
    const s = d / max
    const h6 = hue * 6
    const sector = Math.floor(h6) % 6
    const f = h6 - Math.floor(h6)
    const [p, qv, t] = [max * (1 - s), max * (1 - s * f), max * (1 - s * (1 - f))]
    const rgb = [
      [max, t, p],
      [qv, max, p],
      [p, max, t],
      [p, qv, max],
      [t, p, max],
      [max, p, qv],
    ][sector]
    img[i] = rgb[0]
    img[i + 1] = rgb[1]
    img[i + 2] = rgb[2]
  }
}
