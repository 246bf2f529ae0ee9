import { access, readFile, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { constants, gunzipSync, type ZlibOptions } from 'node:zlib'
import { checkBytes, checkFileBytes } from '../budget/data'
import { BoundError } from '../budget/untrusted'
import { selectSamples, limitOf } from './batches'
import { shuffleIndices } from './random'
import type { Dataset, DatasetOptions } from './types'

/**
 * IDX (the original MNIST file format): 0x00 0x00, a type byte (0x08 = unsigned byte), the
 * number of dimensions, one big-endian u32 per dimension, then the values. Only unsigned bytes
 * are supported because that is what every MNIST-family set uses.
 */
interface Idx {
  dims: number[]
  data: Uint8Array
}

const hex = (v: number) => '0x' + v.toString(16).padStart(8, '0')

export async function readIdx(file: string, expectDims: number[], what: string): Promise<Idx> {
  let buf: Uint8Array
  try {
    // the file, and the copy of its samples the shuffle makes
    checkFileBytes(file, (await stat(file)).size, 2, `IDX ${what}`)
    buf = await readFile(file)
  } catch (e) {
    if (e instanceof BoundError) throw e
    throw new Error(`${file}: cannot read the ${what} file (${(e as Error).message})`, { cause: e })
  }
  // Gzip is recognised by its own magic, so "train-images-idx3-ubyte.gz" and a renamed copy both work.
  const gzip = buf[0] === 0x1f && buf[1] === 0x8b
  // a few KB of gzip can expand to gigabytes: the header comes from the first bytes, and then
  // no more is inflated than it declares
  const head = gzip ? gunzip(file, buf.subarray(0, 1024), { finishFlush: constants.Z_SYNC_FLUSH }) : buf
  const { dims, headerBytes, values } = readHeader(file, head, expectDims, what)
  checkBytes(
    file,
    `the header's ${dims.join('×')} = ${values.toLocaleString('en')} values of ${what} and their shuffled copy`,
    values * 2,
    'use a smaller file',
  )
  if (gzip) buf = gunzip(file, buf, { maxOutputLength: Math.max(headerBytes + values, 1) })
  if (buf.length - headerBytes < values)
    throw new Error(
      `${file}: header says ${dims.join('×')} = ${values} bytes of data but the file holds ${buf.length - headerBytes}`,
    )
  return { dims, data: buf.subarray(headerBytes, headerBytes + values) }
}

function gunzip(file: string, buf: Uint8Array, opts: ZlibOptions): Uint8Array {
  try {
    return gunzipSync(buf, opts)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      throw new BoundError(
        `${file}: the gzip-compressed file expands past the ${opts.maxOutputLength} bytes its IDX header declares`,
        { cause: e },
      )
    throw new Error(`${file}: looks gzip-compressed but does not decompress (${(e as Error).message})`, {
      cause: e,
    })
  }
}

/** Magic number, value type and dimensions; `values` is their product (bytes, as values are u8). */
function readHeader(file: string, buf: Uint8Array, expectDims: number[], what: string) {
  if (buf.length < 4) throw new Error(`${file}: too short to be an IDX file (${buf.length} bytes)`)
  const view = new DataView(buf.buffer, buf.byteOffset, buf.length)
  const magic = view.getUint32(0)
  const ndims = buf[3]
  const expected = expectDims.map((d) => hex(0x0800 + d)).join(' or ')
  if (buf[0] === 0 && buf[1] === 0 && buf[2] !== 0x08 && expectDims.includes(ndims))
    throw new Error(
      `${file}: magic number ${hex(magic)}: IDX value type ${hex(buf[2]).slice(-2)} is not supported (only unsigned bytes, 08)`,
    )
  if (buf[0] !== 0 || buf[1] !== 0 || buf[2] !== 0x08 || !expectDims.includes(ndims))
    throw new Error(`${file}: magic number ${hex(magic)} is not an IDX ${what} file (expected ${expected})`)
  const headerBytes = 4 + 4 * ndims
  if (buf.length < headerBytes) throw new Error(`${file}: truncated IDX header`)
  const dims = Array.from({ length: ndims }, (_, i) => view.getUint32(4 + 4 * i))
  return { dims, headerBytes, values: dims.reduce((a, b) => a * b, 1) }
}

/** "train-images-idx3-ubyte[.gz]" → "train-labels-idx1-ubyte[.gz]", when that file exists. */
async function guessLabels(images: string): Promise<string | undefined> {
  const name = basename(images).replace('images', 'labels').replace('idx3', 'idx1')
  if (name === basename(images)) return undefined
  const candidate = join(dirname(images), name)
  return access(candidate).then(
    () => candidate,
    () => undefined,
  )
}

/** opts.path = images (idx3, or idx4 with channels), opts.target = labels (idx1). */
export async function loadIdx(opts: DatasetOptions = {}): Promise<Dataset> {
  const imagesFile = opts.path
  if (!imagesFile) throw new Error('idx: no images file given (set path to e.g. train-images-idx3-ubyte)')
  const labelsFile = opts.target ?? (await guessLabels(imagesFile))
  if (!labelsFile)
    throw new Error(`idx: no labels file given for ${imagesFile} (set target to the idx1 labels file)`)
  const images = await readIdx(imagesFile, [3, 4], 'images')
  const labels = await readIdx(labelsFile, [1], 'labels')
  const [count, h, w, c = 1] = images.dims
  if (labels.dims[0] !== count)
    throw new Error(
      `idx: ${imagesFile} holds ${count} images but ${labelsFile} holds ${labels.dims[0]} labels; they must match`,
    )
  let numClasses = 0
  for (const label of labels.data) numClasses = Math.max(numClasses, label + 1)
  const all: Dataset = {
    name: imagesFile,
    task: 'classification',
    inputShape: [h, w, c],
    inputDtype: 'float32',
    targetShape: [],
    numClasses,
    classNames: Array.from({ length: numClasses }, (_, i) => String(i)),
    size: count,
    x: images.data,
    xScale: 1 / 255,
    y: labels.data,
    meta: { imagesFile, labelsFile },
  }
  return selectSamples(all, shuffleIndices(count, opts.seed ?? 0), limitOf(count, opts))
}
