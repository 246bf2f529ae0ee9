/**
 * The per-batch image pipeline between `gatherBatch` and the model: data augmentation on training
 * batches and resizing to the Input's H×W. Both act on one batch at a time, so a 28×28 dataset
 * feeds a 224×224 model without ever holding 224×224 copies of the whole set.
 */
import type * as tfTypes from '@tensorflow/tfjs'
import type { TrainingConfig } from '../graph/schema'
import type { Tf } from '../layers/types'
import type { Batch } from './batches'
import { targetIsInt } from './batches'
import { adjustHue, adjustSaturation, cropResize, resizedCropBox } from './augment-course'
import { channelStats, normalizeImages } from './normalize'
import { rng, subSeed, type Rng } from './random'
import type { Dataset } from './types'

export type AugmentConfig = NonNullable<TrainingConfig['augment']>

export const augmentActive = (a: AugmentConfig | undefined): a is AugmentConfig =>
  !!a &&
  (a.flip ||
    a.cropPadding > 0 ||
    a.brightness > 0 ||
    a.contrast > 0 ||
    a.saturation > 0 ||
    a.hue > 0 ||
    a.resizedCrop)

/** Whether `from` images reach the model `to` by resizing: both [H, W, C], same C, other H×W. */
export function resizeNeeded(from: readonly number[], to: readonly number[]): boolean {
  return from.length === 3 && to.length === 3 && from[2] === to[2] && (from[0] !== to[0] || from[1] !== to[1])
}

export interface AugmentTarget {
  /** Per-pixel targets [n, H, W, k] that follow the flips and crops (segmentation masks). */
  y: Float32Array | Int32Array
  channels: number
}

/**
 * Augments a batch-major [n, H, W, C] image array in place: horizontal flip (p = 0.5), a random
 * shift of up to ±cropPadding pixels with zero fill (padding by p, then a random H×W crop),
 * brightness (× a factor in [1 − b, 1 + b]) and contrast (distance to the image mean × a factor in
 * [1 − c, 1 + c]), torchvision's ColorJitter definitions; then, as the course, RandomResizedCrop
 * first and saturation and hue last (augment-course.ts). Every sample draws the same number of
 * random values, so a batch's result depends only on the seed and the configuration.
 */
export function augmentImages(
  x: Float32Array,
  shape: readonly [number, number, number, number],
  a: AugmentConfig,
  rand: Rng,
  opts: { target?: AugmentTarget; clamp?: [number, number] } = {},
): void {
  const [n, h, w, c] = shape
  const size = h * w * c
  const tmp = new Float32Array(size)
  const k = opts.target?.channels ?? 0
  const ty = opts.target?.y
  const tmpY = ty instanceof Int32Array ? new Int32Array(h * w * k) : new Float32Array(h * w * k)
  const p = a.cropPadding
  const sat = a.saturation
  const hue = a.hue
  for (let s = 0; s < n; s++) {
    const flip = rand() < 0.5
    const dy = rand.int(2 * p + 1) - p
    const dx = rand.int(2 * p + 1) - p
    const bright = rand.uniform(Math.max(0, 1 - a.brightness), 1 + a.brightness)
    const contrast = rand.uniform(Math.max(0, 1 - a.contrast), 1 + a.contrast)
    // the course's additions draw only when switched on, so older configurations see the same images
    const satFactor = sat > 0 ? rand.uniform(Math.max(0, 1 - sat), 1 + sat) : 1
    const hueShift = hue > 0 ? rand.uniform(-hue, hue) : 0
    const box = a.resizedCrop ? resizedCropBox(h, w, a.cropScale, a.cropRatio, rand) : null
    const img = x.subarray(s * size, (s + 1) * size)
    if (box) {
      cropResize(img, h, w, c, box, 'bilinear')
      if (ty) cropResize(ty.subarray(s * h * w * k, (s + 1) * h * w * k), h, w, k, box, 'nearest')
    }
    if ((a.flip && flip) || dy || dx) {
      remap(img, tmp, h, w, c, a.flip && flip, dy, dx)
      if (ty) remap(ty.subarray(s * h * w * k, (s + 1) * h * w * k), tmpY, h, w, k, a.flip && flip, dy, dx)
    }
    if (a.brightness > 0) for (let i = 0; i < size; i++) img[i] *= bright
    if (a.contrast > 0) {
      let mean = 0
      for (let i = 0; i < size; i++) mean += img[i]
      mean /= size
      for (let i = 0; i < size; i++) img[i] = (img[i] - mean) * contrast + mean
    }
    if (opts.clamp && (a.brightness > 0 || a.contrast > 0)) {
      const [lo, hi] = opts.clamp
      for (let i = 0; i < size; i++) img[i] = img[i] < lo ? lo : img[i] > hi ? hi : img[i]
    }
    // ColorJitter's order when all four are on: brightness, contrast, saturation, hue
    if (sat > 0) adjustSaturation(img, c, satFactor)
    if (hue > 0) adjustHue(img, c, hueShift)
  }
}

/** out(r, q) = in(r + dy, q' + dx) with q' the (possibly mirrored) column; outside is 0. */
function remap<A extends Float32Array | Int32Array>(
  img: A,
  tmp: A,
  h: number,
  w: number,
  c: number,
  flip: boolean,
  dy: number,
  dx: number,
) {
  tmp.set(img)
  for (let r = 0; r < h; r++)
    for (let q = 0; q < w; q++) {
      const sr = r + dy
      const sq = (flip ? w - 1 - q : q) + dx
      const o = (r * w + q) * c
      const inside = sr >= 0 && sr < h && sq >= 0 && sq < w
      const i = (sr * w + sq) * c
      for (let ch = 0; ch < c; ch++) img[o + ch] = inside ? tmp[i + ch] : 0
    }
}

export type BatchTensors = (
  b: Batch,
  n: number,
  step?: { epoch: number; batch: number },
) => {
  x: tfTypes.Tensor
  y: tfTypes.Tensor
  /** Tensors of the dataset's moreInputs, fed after x. */
  more?: tfTypes.Tensor[]
}

/**
 * Builds the function that turns a gathered batch into model tensors. `step` marks a training
 * batch: only those are augmented, with a generator seeded by (seed, epoch, batch) so a run, and a
 * run resumed from a checkpoint, sees the same augmented images.
 */
export function batchTensors(tf: Tf, ds: Dataset, modelShape: number[], cfg: TrainingConfig): BatchTensors {
  const augment = augmentActive(cfg.augment) ? cfg.augment : undefined
  const [h, w, c] = ds.inputShape
  if (augment && (ds.inputShape.length !== 3 || ds.inputDtype !== 'float32'))
    throw new Error(
      `augmentation works on images [H, W, C], but dataset '${ds.name}' gives samples of shape [${ds.inputShape.join('×')}]: remove training.augment`,
    )
  const resize = resizeNeeded(ds.inputShape, modelShape)
  const t = ds.targetShape
  const perPixel = ds.task === 'segmentation' && t.length === 3 && t[0] === h && t[1] === w
  // byte images live in [0, 1] after scaling; brightness and contrast must not leave that range
  const clamp: [number, number] | undefined =
    ds.x instanceof Uint8Array && ds.xScale === 1 / 255 ? [0, 1] : undefined
  const yDtype = targetIsInt(ds) ? 'int32' : 'float32'
  const norm = cfg.dataset.normalize
  if (norm && (ds.inputShape.length !== 3 || ds.inputDtype !== 'float32'))
    throw new Error(
      `dataset.normalize works on images [H, W, C], but dataset '${ds.name}' gives samples of shape [${ds.inputShape.join('×')}]: remove it`,
    )
  const stats = norm ? channelStats(norm, c, ds.name) : undefined
  return (b, n, step) => {
    if (augment && step)
      augmentImages(
        b.x as Float32Array,
        [n, h, w, c],
        augment,
        rng(subSeed(cfg.seed, `augment/${step.epoch}/${step.batch}`)),
        { target: perPixel ? { y: b.y, channels: t[2] } : undefined, clamp },
      )
    // after augmentation, whose brightness and contrast clamp to the [0, 1] pixel range
    if (stats) normalizeImages(b.x as Float32Array, stats)
    const y = tf.tensor(b.y, [n, ...t], yDtype)
    if (ds.moreInputs?.length) {
      const more = ds.moreInputs.map((m, j) => tf.tensor(b.more![j], [n, ...m.shape], m.dtype))
      return { x: tf.tensor(b.x, [n, ...modelShape], ds.inputDtype), y, more }
    }
    if (!resize) return { x: tf.tensor(b.x, [n, ...modelShape], ds.inputDtype), y }
    // half-pixel centres: the sampling torchvision's Resize (and PIL) use
    const x = tf.tidy(() =>
      tf.image.resizeBilinear(tf.tensor4d(b.x, [n, h, w, c]), [modelShape[0], modelShape[1]], false, true),
    )
    return { x, y }
  }
}
