/**
 * NumPy's .npz written from Node: a zip of .npy files (format 1.0), which `np.load` reads. Data
 * files use deflate like `np.savez_compressed`; weights are stored, since random floats do not
 * compress. Plain zip (no zip64): each archive stays under 4 GiB.
 */
import { open } from 'node:fs/promises'
import { crc32, deflateRawSync } from 'node:zlib'

export type NpyDtype = 'float32' | 'int32' | 'int64' | 'uint8'

export interface NpyArray {
  name: string
  dtype: NpyDtype
  shape: number[]
  data: Float32Array | Int32Array | BigInt64Array | Uint8Array
}

const DESCR: Record<NpyDtype, string> = { float32: '<f4', int32: '<i4', int64: '<i8', uint8: '|u1' }

/** One .npy file: magic, version 1.0, a header dict padded so the data starts 64-byte aligned. */
export function npy(a: NpyArray): Buffer {
  const count = a.shape.reduce((x, y) => x * y, 1)
  if (count !== a.data.length)
    throw new Error(`${a.name}: ${a.data.length} values do not fill the shape [${a.shape.join(', ')}]`)
  const shape = a.shape.length === 1 ? `(${a.shape[0]},)` : `(${a.shape.join(', ')})`
  let dict = `{'descr': '${DESCR[a.dtype]}', 'fortran_order': False, 'shape': ${shape}, }`
  dict = dict.padEnd(Math.ceil((10 + dict.length + 1) / 64) * 64 - 10 - 1) + '\n'
  const head = Buffer.alloc(10)
  head.write('\x93NUMPY', 0, 'latin1')
  head.writeUInt8(1, 6)
  head.writeUInt8(0, 7)
  head.writeUInt16LE(dict.length, 8)
  // typed arrays are little-endian on every platform Node runs on
  const body = Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength)
  return Buffer.concat([head, Buffer.from(dict, 'latin1'), body])
}

const LIMIT = 0xffffffff

/** Writes `arrays` as an .npz archive, entry by entry so only one array is encoded at a time. */
export async function writeNpz(file: string, arrays: Iterable<NpyArray>, compress = false): Promise<void> {
  const fh = await open(file, 'w')
  const central: Buffer[] = []
  let offset = 0
  try {
    for (const a of arrays) {
      const raw = npy(a)
      const data = compress ? deflateRawSync(raw) : raw
      const name = Buffer.from(`${a.name}.npy`, 'utf8')
      const crc = crc32(raw)
      if (offset + data.length + name.length + 30 > LIMIT || raw.length > LIMIT)
        throw new Error(`${file}: more than 4 GiB, which a plain zip (and so this .npz writer) cannot hold`)
      const local = Buffer.alloc(30)
      local.writeUInt32LE(0x04034b50, 0)
      local.writeUInt16LE(20, 4)
      local.writeUInt16LE(compress ? 8 : 0, 8)
      local.writeUInt16LE(0x21, 12) // 1980-01-01: a fixed date keeps exports byte-for-byte reproducible
      local.writeUInt32LE(crc, 14)
      local.writeUInt32LE(data.length, 18)
      local.writeUInt32LE(raw.length, 22)
      local.writeUInt16LE(name.length, 26)
      const entry = Buffer.alloc(46)
      entry.writeUInt32LE(0x02014b50, 0)
      entry.writeUInt16LE(20, 4)
      entry.writeUInt16LE(20, 6)
      local.copy(entry, 8, 6, 28)
      entry.writeUInt32LE(offset, 42)
      central.push(entry, name)
      await fh.write(Buffer.concat([local, name]))
      await fh.write(data)
      offset += 30 + name.length + data.length
    }
    const dir = Buffer.concat(central)
    const end = Buffer.alloc(22)
    end.writeUInt32LE(0x06054b50, 0)
    end.writeUInt16LE(central.length / 2, 8)
    end.writeUInt16LE(central.length / 2, 10)
    end.writeUInt32LE(dir.length, 12)
    end.writeUInt32LE(offset, 16)
    await fh.write(Buffer.concat([dir, end]))
  } finally {
    await fh.close()
  }
}
