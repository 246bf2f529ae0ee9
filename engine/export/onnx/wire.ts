/**
 * The protobuf wire format, as much of it as ONNX files need: varints, 32-bit floats and
 * length-delimited fields. A message is a list of byte chunks plus their total length, so nesting
 * a 100 MB initializer into the graph and the graph into the model only adds small headers instead
 * of copying the weights at every level; `finish` copies everything once at the end.
 */
const utf8 = new TextEncoder()

function varint(n: number): Uint8Array {
  if (!Number.isSafeInteger(n)) throw new Error(`protobuf varint must be a safe integer, got ${n}`)
  const out: number[] = []
  if (n < 0) {
    // int64 fields store negatives as 64-bit two's complement: always 10 bytes
    let v = BigInt.asUintN(64, BigInt(n))
    while (v >= 0x80n) {
      out.push(Number(v & 0x7fn) | 0x80)
      v >>= 7n
    }
    out.push(Number(v))
  } else {
    while (n >= 0x80) {
      out.push((n % 0x80) | 0x80)
      n = Math.floor(n / 0x80)
    }
    out.push(n)
  }
  return Uint8Array.from(out)
}

/** Protobuf wire types (the reader in import/onnx/wire-read.ts shares them). */
export const VARINT = 0
export const LEN = 2
export const FIXED32 = 5

export class Message {
  readonly parts: Uint8Array[] = []
  size = 0

  private push(b: Uint8Array): this {
    this.parts.push(b)
    this.size += b.length
    return this
  }

  private tag(field: number, wire: number): this {
    return this.push(varint(field * 8 + wire))
  }

  /** int32, int64 and enum fields. */
  int(field: number, n: number): this {
    return this.tag(field, VARINT).push(varint(n))
  }

  float(field: number, f: number): this {
    const b = new Uint8Array(4)
    new DataView(b.buffer).setFloat32(0, f, true)
    return this.tag(field, FIXED32).push(b)
  }

  bytes(field: number, b: Uint8Array): this {
    return this.tag(field, LEN).push(varint(b.length)).push(b)
  }

  string(field: number, s: string): this {
    return this.bytes(field, utf8.encode(s))
  }

  message(field: number, m: Message): this {
    this.tag(field, LEN).push(varint(m.size))
    for (const p of m.parts) this.push(p)
    return this
  }

  packedInts(field: number, ns: readonly number[]): this {
    const inner = new Message()
    for (const n of ns) inner.push(varint(n))
    return this.message(field, inner)
  }

  packedFloats(field: number, fs: readonly number[]): this {
    const b = new Uint8Array(fs.length * 4)
    const view = new DataView(b.buffer)
    fs.forEach((f, i) => view.setFloat32(i * 4, f, true))
    return this.bytes(field, b)
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.size)
    let o = 0
    for (const p of this.parts) {
      out.set(p, o)
      o += p.length
    }
    return out
  }
}
