/**
 * The protobuf wire format read back, the mirror of export/onnx/wire.ts. A message is a window
 * [start, end) of the file's bytes; fields are scanned in place and length-delimited values come
 * back as subarrays of the same buffer, so a 500 MB initializer is never copied while the model
 * is being decoded. Every length is checked against the window it sits in before it is used.
 */

import { FIXED32, LEN, VARINT } from '../../export/onnx/wire'

/** A damaged or hostile file, refused with one sentence naming the field. */
export class OnnxReadError extends Error {
  override name = 'OnnxReadError'
}

export { FIXED32, LEN, VARINT }
/** The one wire type the writer never needs (ONNX has no double or fixed64 field it writes). */
export const FIXED64 = 1

export interface Field {
  field: number
  wire: number
  /** VARINT: the value as a signed int64; FIXED*: the offset. */
  value: number
  /** LEN: the payload's window. */
  start: number
  end: number
}

/**
 * A varint as int64 would read it: sizes exact to 2^53 (far beyond any file), and 64-bit two's
 * complement negatives (ONNX's -1 axes take all 10 bytes) as negative numbers. Refuses more than
 * 10 bytes or running past `end`.
 */
function readVarint(buf: Uint8Array, pos: number, end: number, what: string): [number, number] {
  let value = 0n
  for (let i = 0; i < 10; i++) {
    if (pos >= end) throw new OnnxReadError(`the file is truncated inside ${what}`)
    const b = buf[pos++]
    value |= BigInt(b & 0x7f) << BigInt(7 * i)
    if (b < 0x80) return [Number(BigInt.asIntN(64, value)), pos]
  }
  throw new OnnxReadError(`${what} holds a number longer than 10 bytes (a damaged file)`)
}

/** The fields of the message in [start, end); `what` names the message in errors. */
export function* fields(buf: Uint8Array, start: number, end: number, what: string): Generator<Field> {
  let pos = start
  while (pos < end) {
    const [key, afterKey] = readVarint(buf, pos, end, what)
    const field = Math.floor(key / 8)
    const wire = key % 8
    if (field === 0) throw new OnnxReadError(`${what} has a field numbered 0 (a damaged file)`)
    pos = afterKey
    switch (wire) {
      case VARINT: {
        const [v, next] = readVarint(buf, pos, end, `${what} field ${field}`)
        yield { field, wire, value: v, start: pos, end: next }
        pos = next
        break
      }
      case FIXED64:
      case FIXED32: {
        const size = wire === FIXED64 ? 8 : 4
        if (pos + size > end) throw new OnnxReadError(`the file is truncated inside ${what} field ${field}`)
        yield { field, wire, value: pos, start: pos, end: pos + size }
        pos += size
        break
      }
      case LEN: {
        const [len, body] = readVarint(buf, pos, end, `${what} field ${field}`)
        if (len < 0 || len > end - body)
          throw new OnnxReadError(
            `${what} field ${field} claims ${len.toLocaleString('en')} bytes but only ${(end - body).toLocaleString('en')} remain: the file is truncated or damaged`,
          )
        yield { field, wire, value: len, start: body, end: body + len }
        pos = body + len
        break
      }
      default:
        throw new OnnxReadError(
          `${what} field ${field} uses protobuf wire type ${wire}, which ONNX never writes`,
        )
    }
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: false })

/** Bounded: names and attribute strings are echoed in messages and graph ids. */
export const MAX_STRING = 1 << 16

export function text(buf: Uint8Array, f: Field, what: string): string {
  if (f.wire !== LEN) throw new OnnxReadError(`${what} should be a string but has wire type ${f.wire}`)
  if (f.end - f.start > MAX_STRING)
    throw new OnnxReadError(
      `${what} is ${(f.end - f.start).toLocaleString('en')} bytes long, more than any name needs`,
    )
  return utf8.decode(buf.subarray(f.start, f.end))
}

/** A repeated integer field, packed (LEN) or not (one VARINT per item); appends to `out`. */
export function ints(buf: Uint8Array, f: Field, what: string, out: number[]): void {
  if (f.wire === VARINT) {
    out.push(f.value)
    return
  }
  if (f.wire !== LEN) throw new OnnxReadError(`${what} should hold integers but has wire type ${f.wire}`)
  for (let pos = f.start; pos < f.end;) {
    const [v, next] = readVarint(buf, pos, f.end, what)
    out.push(v)
    pos = next
  }
}

export function float32(buf: Uint8Array, f: Field, what: string): number {
  if (f.wire !== FIXED32) throw new OnnxReadError(`${what} should be a float but has wire type ${f.wire}`)
  return new DataView(buf.buffer, buf.byteOffset + f.start, 4).getFloat32(0, true)
}

/** A repeated float field, packed or one FIXED32 per item. */
export function floats(buf: Uint8Array, f: Field, what: string, out: number[]): void {
  if (f.wire === FIXED32) {
    out.push(float32(buf, f, what))
    return
  }
  if (f.wire !== LEN || (f.end - f.start) % 4 !== 0)
    throw new OnnxReadError(`${what} should hold packed floats (a multiple of 4 bytes)`)
  const view = new DataView(buf.buffer, buf.byteOffset + f.start, f.end - f.start)
  for (let o = 0; o < view.byteLength; o += 4) out.push(view.getFloat32(o, true))
}

export function expectLen(f: Field, what: string): void {
  if (f.wire !== LEN) throw new OnnxReadError(`${what} should be a message but has wire type ${f.wire}`)
}
