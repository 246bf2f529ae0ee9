import type { TrainingConfig } from '../graph/schema'
import { foldSplit } from './folds'
import { shuffleIndices } from './random'
import type { Dataset, DatasetOptions } from './types'

type Values = Float32Array | Uint8Array | Int32Array

export interface Batch {
  x: Float32Array | Int32Array
  y: Float32Array | Int32Array
  /** The dataset's moreInputs for the same samples, in order. */
  more?: (Float32Array | Int32Array)[]
}

export const sampleSize = (shape: number[]): number => shape.reduce((a, b) => a * b, 1)

/**
 * Seeded train/validation split. Validation takes round(size × valFraction) samples, but never
 * all of them, and at least one when a fraction was asked for and there is more than one sample.
 */
export function splitIndices(size: number, valFraction: number, seed: number) {
  const order = shuffleIndices(size, seed)
  let nVal = Math.round(size * Math.min(Math.max(valFraction, 0), 1))
  if (valFraction > 0 && size > 1) nVal = Math.max(nVal, 1)
  nVal = Math.min(nVal, size - 1)
  if (size === 0) nVal = 0
  return { train: order.slice(0, size - nVal), val: order.slice(size - nVal) }
}

/** Text order kept: the last share validates, so the training windows stay one unbroken run. */
function tailSplit(size: number, valFraction: number) {
  const nVal = Math.min(size - 1, Math.max(valFraction > 0 ? 1 : 0, Math.round(size * valFraction)))
  const all = Int32Array.from({ length: size }, (_, i) => i)
  return { train: all.slice(0, size - nVal), val: all.slice(size - nVal) }
}

export type SplitSettings = Pick<TrainingConfig, 'split' | 'validationSplit' | 'seed'> &
  Partial<Pick<TrainingConfig, 'folds' | 'fold'>> & { dataset?: { partition?: 'random' | 'sequential' } }

/**
 * The run's training and validation samples. 'official' validates on the dataset's own test set
 * where it ships one (Fashion-MNIST's 10k) and trains on the rest; otherwise, and with 'holdout',
 * a seeded `validationSplit` share of the training samples is held out (test images unused).
 * With `folds`, fold `fold` of a seeded k-fold partition of the training samples validates.
 */
export function datasetSplit(ds: Pick<Dataset, 'size' | 'testFrom'>, cfg: SplitSettings) {
  const trainSize = ds.testFrom ?? ds.size
  // cross-validation folds the training samples only; a test set stays unseen
  if (cfg.folds !== undefined)
    return { ...foldSplit(trainSize, cfg.folds, cfg.fold ?? 0, cfg.seed), kind: 'fold' as const }
  if (cfg.split === 'official' && ds.testFrom !== undefined) {
    const all = Int32Array.from({ length: ds.size }, (_, i) => i)
    return { train: all.slice(0, trainSize), val: all.slice(trainSize), kind: 'official' as const }
  }
  if (cfg.dataset?.partition === 'sequential')
    return { ...tailSplit(trainSize, cfg.validationSplit), kind: 'holdout' as const }
  return { ...splitIndices(trainSize, cfg.validationSplit, cfg.seed), kind: 'holdout' as const }
}

/** Targets the loss reads as class ids: classes, next tokens, and multi-class masks. */
export function targetIsInt(ds: Dataset): boolean {
  if (ds.task === 'classification' || ds.task === 'language-model') return true
  return ds.task === 'segmentation' && (ds.numClasses ?? 1) > 1
}

/**
 * Copies samples indices[start..end) into batch-major arrays: x scaled by xScale (float32) or
 * kept as ids (int32), y as class ids (int32) or float32. Pass the previous batch as `out` to
 * reuse its buffers; they are reused when the sizes match, so an epoch allocates once.
 */
export function gatherBatch(
  ds: Dataset,
  indices: ArrayLike<number>,
  start: number,
  end: number,
  out?: Batch,
): Batch {
  const n = Math.max(0, Math.min(end, indices.length) - start)
  const xs = sampleSize(ds.inputShape)
  const ys = sampleSize(ds.targetShape)
  const xInt = ds.inputDtype === 'int32'
  const yInt = targetIsInt(ds)
  const x = reuse(out?.x, xInt, n * xs)
  const y = reuse(out?.y, yInt, n * ys)
  const scale = xInt ? 1 : ds.xScale
  const srcX = ds.x
  const srcY = ds.y
  for (let b = 0; b < n; b++) {
    const i = indices[start + b]
    if (i < 0 || i >= ds.size) throw new Error(`${ds.name}: sample index ${i} out of range 0..${ds.size - 1}`)
    let from = i * xs
    let to = b * xs
    if (scale === 1) for (let k = 0; k < xs; k++) x[to++] = srcX[from++]
    else for (let k = 0; k < xs; k++) x[to++] = srcX[from++] * scale
    from = i * ys
    to = b * ys
    for (let k = 0; k < ys; k++) y[to++] = srcY[from++]
  }
  if (!ds.moreInputs?.length) return { x, y }
  const more = ds.moreInputs.map((inp, j) => {
    const per = sampleSize(inp.shape)
    const buf = reuse(out?.more?.[j], inp.dtype === 'int32', n * per)
    for (let b = 0; b < n; b++)
      buf.set(inp.x.subarray(indices[start + b] * per, (indices[start + b] + 1) * per), b * per)
    return buf
  })
  return { x, y, more }
}

function reuse(prev: Float32Array | Int32Array | undefined, int: boolean, length: number) {
  if (prev && prev.length === length && prev instanceof Int32Array === int) return prev
  return int ? new Int32Array(length) : new Float32Array(length)
}

export interface Standardization {
  mean: number[]
  std: number[]
}

/** Per-column mean and (population) std of a row-major [rows, cols] matrix; std 0 becomes 1. */
export function columnStats(x: ArrayLike<number>, cols: number): Standardization {
  const rows = cols > 0 ? Math.floor(x.length / cols) : 0
  const mean = new Float64Array(cols)
  const sq = new Float64Array(cols)
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) mean[c] += x[r * cols + c]
  for (let c = 0; c < cols; c++) mean[c] /= rows || 1
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      const d = x[r * cols + c] - mean[c]
      sq[c] += d * d
    }
  const std = Array.from(sq, (s) => Math.sqrt(s / (rows || 1)) || 1)
  return { mean: Array.from(mean), std }
}

/** In place (x - mean) / std per column of a row-major [rows, cols] matrix. */
export function standardize(x: Float32Array, cols: number, stats: Standardization) {
  for (let i = 0; i < x.length; i++) {
    const c = i % cols
    x[i] = (x[i] - stats.mean[c]) / stats.std[c]
  }
}

/**
 * Fits and applies the standardisation; returns the stats for the dataset's meta so inference
 * can apply the same transform. Columns with only[c] false (one-hot) get mean 0, std 1.
 */
export function standardizeColumns(x: Float32Array, cols: number, only?: boolean[]): Standardization {
  const stats = columnStats(x, cols)
  for (let c = 0; c < cols; c++) {
    if (only && !only[c]) {
      stats.mean[c] = 0
      stats.std[c] = 1
    }
  }
  standardize(x, cols, stats)
  return stats
}

/** Same element type as src; a Node Buffer (a Uint8Array subclass) becomes a plain Uint8Array. */
function like(src: Values, length: number): Values {
  if (src instanceof Float32Array) return new Float32Array(length)
  if (src instanceof Int32Array) return new Int32Array(length)
  return new Uint8Array(length)
}

function take(src: Values, per: number, order: ArrayLike<number>, n: number): Values {
  const out = like(src, n * per)
  for (let b = 0; b < n; b++) out.set(src.subarray(order[b] * per, (order[b] + 1) * per), b * per)
  return out
}

/**
 * A dataset holding samples order[0..n) of `ds`, in that order (a copy: the source can be freed).
 * The copy has no official test set: the order may mix it with the training samples.
 */
export function selectSamples(ds: Dataset, order: ArrayLike<number>, n = order.length): Dataset {
  const { testFrom: _mixed, ...rest } = ds
  return {
    ...rest,
    size: n,
    x: take(ds.x, sampleSize(ds.inputShape), order, n),
    y: take(ds.y, sampleSize(ds.targetShape), order, n),
    moreInputs: ds.moreInputs?.map((m) => ({
      ...m,
      x: take(m.x, sampleSize(m.shape), order, n) as Float32Array | Int32Array,
    })),
    ...(ds.text
      ? { text: { ids: ds.text.ids, starts: take(ds.text.starts, 1, order, n) as Int32Array } }
      : {}),
  }
}

/**
 * Every loader returns its samples in a seeded order (files are often grouped by class) and
 * `limit` keeps the first N of that order, so `--limit 1000` still sees every class.
 */
export function shuffleAndLimit(ds: Dataset, opts: DatasetOptions = {}): Dataset {
  const order = shuffleIndices(ds.size, opts.seed ?? 0)
  return selectSamples(ds, order, limitOf(ds.size, opts))
}

export function limitOf(size: number, opts: DatasetOptions): number {
  const limit = opts.limit
  return limit !== undefined && limit > 0 ? Math.min(size, Math.floor(limit)) : size
}
