/**
 * What a dataset will cost, checked from what it declares (sample counts and sizes in the graph's
 * training.dataset, file sizes, CSV header widths, image and IDX headers) before a body is read or
 * an array allocated: a few bytes of settings or header can otherwise ask for gigabytes, and V8
 * answers those with minutes of paging or "Invalid typed array length". Pure: no Node imports.
 */
import { BoundError } from './untrusted'

/**
 * Most bytes one dataset may hold in memory, its arrays counted once: 2 GiB keeps the largest
 * array far below V8's typed-array limit and leaves the rest of the memory budget to the model
 * (whose own estimate, engine/graph/memory.ts, is checked against the run's budget).
 * DEEPWIRE_DATASET_LIMIT_MB sets another limit.
 */
export function datasetLimit(): number {
  const mb = Number(globalThis.process?.env?.DEEPWIRE_DATASET_LIMIT_MB)
  return Number.isFinite(mb) && mb > 0 ? mb * 2 ** 20 : 2 ** 31
}

/** Widest CSV read: every column is typed, encoded and named, and becomes one input feature. */
export const MAX_CSV_COLUMNS = 65_536

/** Largest image decoded (pixels, RGBA at 4 bytes each: 256 MiB). */
export const MAX_IMAGE_PIXELS = 64 * 2 ** 20

export const formatBytes = (b: number): string =>
  b >= 2 ** 30
    ? `${(b / 2 ** 30).toFixed(1)} GiB`
    : b >= 2 ** 20
      ? `${(b / 2 ** 20).toFixed(1)} MiB`
      : `${(b / 2 ** 10).toFixed(1)} KiB`

const count = (n: number) => n.toLocaleString('en')

/** Throws `${where}: ${what} need …, more than the limit; ${advice}` when `bytes` exceed the limit. */
export function checkBytes(where: string, what: string, bytes: number, advice: string): void {
  const limit = datasetLimit()
  if (bytes <= limit) return
  throw new BoundError(
    `${where}: ${what} need ${formatBytes(bytes)}, more than the ${formatBytes(limit)} a dataset may ` +
      `take in memory; ${advice}`,
  )
}

/**
 * Throws when `samples` samples of `bytesPerSample` bytes each exceed the dataset limit. `where`
 * names the dataset and the setting or file, `perSample` says what one sample holds.
 */
export function checkDatasetBytes(
  where: string,
  samples: number,
  bytesPerSample: number,
  perSample: string,
  advice: string,
): void {
  const fits = Math.floor(datasetLimit() / bytesPerSample)
  checkBytes(
    where,
    `${count(samples)} samples × ${perSample}`,
    samples * bytesPerSample,
    advice + (fits >= 1 ? ` (at most ${count(fits)} samples of this size fit)` : ''),
  )
}

/**
 * Throws when reading a file of `bytes` bytes would cost more than the dataset limit, with
 * `perByte` bytes of memory per byte of file (text, tokens, cells and the arrays built from them).
 */
export function checkFileBytes(file: string, bytes: number, perByte: number, what: string): void {
  checkBytes(
    file,
    `the ${what} file is ${formatBytes(bytes)}, and reading it would`,
    bytes * perByte,
    `use at most ${formatBytes(datasetLimit() / perByte)} of ${what}`,
  )
}

/** Throws for an image whose header claims more pixels than Deepwire decodes. */
export function checkImagePixels(width: number, height: number, format: string): void {
  if (width * height <= MAX_IMAGE_PIXELS) return
  throw new BoundError(
    `the ${format} claims ${width}×${height} pixels (${formatBytes(width * height * 4)} ` +
      `decoded), more than the ${count(MAX_IMAGE_PIXELS)} pixels Deepwire decodes`,
  )
}

/**
 * The check for a generated dataset, whose size comes from training.dataset's samples and size:
 * the message names the dataset and those settings.
 */
export function checkGenerated(
  name: string,
  opts: { samples?: number; size?: number[] },
  samples: number,
  bytesPerSample: number,
  perSample: string,
): void {
  const set = [
    opts.samples === undefined ? '' : `samples ${count(opts.samples)}`,
    opts.size ? `size [${opts.size.map(count).join(', ')}]` : '',
  ].filter(Boolean)
  checkDatasetBytes(
    `dataset '${name}'${set.length ? ` (training.dataset ${set.join(', ')})` : ''}`,
    samples,
    bytesPerSample,
    perSample,
    'lower training.dataset.samples or size',
  )
}
