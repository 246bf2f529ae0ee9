/**
 * An initializer's values, materialised when a layer asks for them: one copy from the file's
 * buffer (or the external-data file) into an aligned typed array, after checking that the bytes
 * present match what the dims claim. External files are read only inside the model's folder.
 */
import { closeSync, fstatSync, openSync, readSync, realpathSync } from 'node:fs'
import path from 'node:path'
import { ONNX_DTYPE, type OnnxTensor } from './read'
import { OnnxReadError, floats, ints, type Field } from './wire-read'

/** Integer tensors are shapes, axes and pads: anything larger is not one the importer reads. */
const MAX_INT_VALUES = 1 << 16

export function elementCount(t: OnnxTensor): number {
  const n = t.dims.reduce((a, b) => a * b, 1)
  if (!Number.isSafeInteger(n) || n > 2 ** 31)
    throw new OnnxReadError(
      `tensor '${t.name}' claims dims [${t.dims.join(', ')}], more values than any model holds`,
    )
  return n
}

/**
 * The bytes of an external tensor, read from `modelDir`. The location must stay inside that
 * folder (no '..', no absolute path, no symlink leading out), so a model cannot make the importer
 * read arbitrary files.
 */
function externalBytes(t: OnnxTensor, modelDir: string | null, want: number): Uint8Array {
  const ext = t.external!
  if (modelDir === null)
    throw new OnnxReadError(
      `tensor '${t.name}' is stored in an external file, which only a model read from disk can use`,
    )
  const root = realpathSync(modelDir)
  const target = path.resolve(root, ext.location)
  const inside = (p: string) => {
    const rel = path.relative(root, p)
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel)
  }
  if (path.isAbsolute(ext.location) || !inside(target))
    throw new OnnxReadError(
      `tensor '${t.name}' points at external data '${ext.location}' outside the model's folder; refused`,
    )
  let real: string
  try {
    real = realpathSync(target)
  } catch {
    throw new OnnxReadError(
      `tensor '${t.name}' needs the external data file '${ext.location}', which is missing`,
    )
  }
  if (!inside(real))
    throw new OnnxReadError(
      `tensor '${t.name}' points at external data '${ext.location}', a link leading outside the model's folder; refused`,
    )
  const length = ext.length ?? want
  if (length !== want)
    throw new OnnxReadError(`tensor '${t.name}' claims ${length} external bytes but its dims need ${want}`)
  const fd = openSync(real, 'r')
  try {
    const size = fstatSync(fd).size
    if (ext.offset + length > size)
      throw new OnnxReadError(
        `tensor '${t.name}' reads bytes ${ext.offset}–${ext.offset + length} of '${ext.location}', which has only ${size}`,
      )
    const out = new Uint8Array(length)
    for (let got = 0; got < length;) {
      const n = readSync(fd, out, got, length - got, ext.offset + got)
      if (n === 0) throw new OnnxReadError(`'${ext.location}' ended early while reading tensor '${t.name}'`)
      got += n
    }
    return out
  } finally {
    closeSync(fd)
  }
}

const window = (t: OnnxTensor, f: Field) => t.buf.subarray(f.start, f.end)

/** A float32 tensor's values (one copy); refuses other element types and size mismatches. */
export function tensorFloats(t: OnnxTensor, modelDir: string | null): Float32Array {
  if (t.dataType !== ONNX_DTYPE.FLOAT)
    throw new OnnxReadError(`tensor '${t.name}' has element type ${t.dataType}; only float32 weights import`)
  const n = elementCount(t)
  let bytes: Uint8Array | null = null
  if (t.external) bytes = externalBytes(t, modelDir, n * 4)
  else if (t.raw) bytes = window(t, t.raw)
  else if (t.typed.length === 1 && t.typed[0].wire === 2) bytes = window(t, t.typed[0])
  if (bytes) {
    if (bytes.length !== n * 4)
      throw new OnnxReadError(
        `tensor '${t.name}' holds ${bytes.length} bytes but its dims [${t.dims.join(', ')}] need ${n * 4}`,
      )
    // copied into a fresh, aligned buffer (a Buffer's slice would be a view); external bytes are already one
    const own = t.external ? bytes : new Uint8Array(bytes)
    return new Float32Array(own.buffer, own.byteOffset, n)
  }
  const values: number[] = []
  for (const f of t.typed) floats(t.buf, f, `tensor '${t.name}'`, values)
  if (values.length !== n)
    throw new OnnxReadError(`tensor '${t.name}' holds ${values.length} values but its dims need ${n}`)
  return Float32Array.from(values)
}

/** A small int32/int64 tensor (a shape, axes, pads) as numbers. */
export function tensorInts(t: OnnxTensor): number[] {
  const n = elementCount(t)
  if (n > MAX_INT_VALUES)
    throw new OnnxReadError(`integer tensor '${t.name}' has ${n} values, too many for a shape`)
  if (t.dataType !== ONNX_DTYPE.INT64 && t.dataType !== ONNX_DTYPE.INT32)
    throw new OnnxReadError(`tensor '${t.name}' should hold integers but has element type ${t.dataType}`)
  let out: number[] = []
  // a varint takes at most 10 bytes: more bytes than that cannot be n values
  if (t.typed.reduce((a, f) => a + f.end - f.start, 0) > n * 10 + 10)
    throw new OnnxReadError(
      `tensor '${t.name}' holds more integers than its dims [${t.dims.join(', ')}] allow`,
    )
  if (t.raw) {
    const size = t.dataType === ONNX_DTYPE.INT64 ? 8 : 4
    if (t.raw.end - t.raw.start !== n * size)
      throw new OnnxReadError(
        `tensor '${t.name}' holds ${t.raw.end - t.raw.start} bytes but its dims need ${n * size}`,
      )
    const view = new DataView(t.buf.buffer, t.buf.byteOffset + t.raw.start, n * size)
    for (let i = 0; i < n; i++)
      out.push(size === 8 ? Number(view.getBigInt64(i * 8, true)) : view.getInt32(i * 4, true))
  } else for (const f of t.typed) ints(t.buf, f, `tensor '${t.name}'`, out)
  if (out.length !== n)
    throw new OnnxReadError(`tensor '${t.name}' holds ${out.length} values but its dims need ${n}`)
  out = out.map((v) => (t.dataType === ONNX_DTYPE.INT32 ? v | 0 : v))
  return out
}
