/**
 * One NumPy .npy array read back (the mirror of export/pytorch/npz.ts's writer): versions 1–3,
 * little-endian float32/float64/int32/int64, C order. Every size is checked against the file
 * before anything is allocated; float64 and integers become the float32 the engine computes in.
 */
import { quote } from '../budget/untrusted'

export interface NpyInput {
  shape: number[]
  data: Float32Array
  /** The dtype in the file, e.g. '<i8'. */
  descr: string
}

const ITEM: Record<string, number> = { '<f4': 4, '<f8': 8, '<i4': 4, '<i8': 8 }

export function readNpy(bytes: Uint8Array, what: string): NpyInput {
  const fail = (why: string): never => {
    throw new Error(`${what} is not a usable .npy array: ${why}`)
  }
  const magic = String.fromCharCode(...bytes.subarray(0, 6))
  if (magic !== '\x93NUMPY' || bytes.length < 10) fail('it does not start with the NumPy signature')
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const major = bytes[6]
  if (major < 1 || major > 3) fail(`format version ${major} is unknown`)
  const [headerLen, start] = major === 1 ? [view.getUint16(8, true), 10] : [view.getUint32(8, true), 12]
  if (headerLen > 1 << 16 || start + headerLen > bytes.length) fail('its header is truncated or too long')
  const header = new TextDecoder('latin1').decode(bytes.subarray(start, start + headerLen))
  const descr = /'descr':\s*'([^']*)'/.exec(header)?.[1] ?? fail('its header names no dtype')
  if (/'fortran_order':\s*True/.test(header))
    fail('it is stored in Fortran order; save it with np.ascontiguousarray')
  const dims = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1] ?? fail('its header has no shape')
  const shape = dims
    .split(',')
    .map((d) => d.trim())
    .filter(Boolean)
    .map((d) => (/^\d{1,9}$/.test(d) ? Number(d) : fail(`its shape has the size ${quote(d, 20)}`)))
  const size = ITEM[descr] ?? fail(`its dtype ${quote(descr, 20)} is not float32, float64, int32 or int64`)
  const count = shape.reduce((a, b) => a * b, 1)
  const offset = start + headerLen
  if (bytes.length - offset !== count * size)
    fail(
      `its shape [${shape.join(', ')}] needs ${count * size} bytes of data but the file holds ${bytes.length - offset}`,
    )
  const data = new Float32Array(count)
  for (let i = 0; i < count; i++) {
    const o = offset + i * size
    data[i] =
      descr === '<f4'
        ? view.getFloat32(o, true)
        : descr === '<f8'
          ? view.getFloat64(o, true)
          : descr === '<i4'
            ? view.getInt32(o, true)
            : Number(view.getBigInt64(o, true))
  }
  return { shape, data, descr }
}
