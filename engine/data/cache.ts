import { randomBytes } from 'node:crypto'
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'

/** Read at call time, not import time, so tests and the CLI can point it elsewhere. */
export function cacheDir(): string {
  return process.env.DEEPWIRE_CACHE || join(homedir(), '.cache', 'deepwire')
}

/**
 * Labelled byte images, class-grouped as stored in the source package. The file is a 32-byte
 * header — "DWIM", version, count, height, width, channels, classes, reserved — then `count`
 * label bytes, then the images. Bytes, because they load with a single read and no parsing.
 */
export interface ImageBlob {
  count: number
  shape: [number, number, number]
  numClasses: number
  labels: Uint8Array
  images: Uint8Array
}

const MAGIC = 0x4d495744 // "DWIM" read as a little-endian u32
const VERSION = 1
const HEADER = 32

export async function readImageCache(file: string): Promise<ImageBlob | null> {
  let buf: Buffer
  try {
    buf = await readFile(file)
  } catch {
    return null
  }
  if (buf.length < HEADER) return null
  const head = new DataView(buf.buffer, buf.byteOffset, HEADER)
  const u32 = (i: number) => head.getUint32(i * 4, true)
  if (u32(0) !== MAGIC || u32(1) !== VERSION) return null
  const [count, h, w, c, numClasses] = [u32(2), u32(3), u32(4), u32(5), u32(6)]
  // A short file is a crashed or concurrent writer's leftover: rebuild rather than trust it.
  if (buf.length !== HEADER + count + count * h * w * c) return null
  const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.length)
  return {
    count,
    shape: [h, w, c],
    numClasses,
    labels: bytes.subarray(HEADER, HEADER + count),
    images: bytes.subarray(HEADER + count),
  }
}

/**
 * Written to a unique temp name and renamed into place: rename is atomic on one file system, so
 * a reader (or a second process loading the same set) never sees a half-written cache. Failure
 * to cache (read-only home, full disk) is not an error: the data was loaded anyway.
 */
export async function writeImageCache(file: string, blob: ImageBlob): Promise<boolean> {
  const head = new DataView(new ArrayBuffer(HEADER))
  const fields = [MAGIC, VERSION, blob.count, ...blob.shape, blob.numClasses, 0]
  fields.forEach((v, i) => head.setUint32(i * 4, v, true))
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  try {
    await mkdir(dirname(file), { recursive: true })
    const fh = await open(tmp, 'w')
    try {
      for (const part of [new Uint8Array(head.buffer), blob.labels, blob.images]) {
        for (let done = 0; done < part.length;) done += (await fh.write(part, done)).bytesWritten
      }
    } finally {
      await fh.close()
    }
    await rename(tmp, file)
    return true
  } catch {
    await rm(tmp, { force: true }).catch(() => undefined)
    return false
  }
}
