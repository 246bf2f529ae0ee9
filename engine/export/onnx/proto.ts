/**
 * ONNX's ModelProto and the messages inside it, encoded from plain objects. Field numbers are
 * those of onnx/onnx.proto (IR version 8, the newest the Debian `onnx` 1.12 checker in CI knows).
 */
import { Message } from './wire'

export const IR_VERSION = 8

/** TensorProto.DataType values. */
export const DTYPE = { float32: 1, int32: 6, int64: 7 } as const
export type DType = keyof typeof DTYPE

/** `{ float }` and `{ floats }` mark float attributes; plain numbers are INT, arrays INTS. */
export type Attr =
  number | number[] | string | { float: number } | { floats: number[] } | { strings: string[] }
export type Attrs = Record<string, Attr>

export interface NodeSpec {
  name: string
  op: string
  inputs: string[]
  outputs: string[]
  attrs: Attrs
}

export interface TensorSpec {
  name: string
  dtype: 'float32' | 'int64'
  dims: number[]
  data: Float32Array | BigInt64Array
}

/** A graph input or output; a string dimension is symbolic (`dim_param`), e.g. 'batch'. */
export interface ValueSpec {
  name: string
  dtype: DType
  dims: (number | string)[]
}

export interface ModelSpec {
  name: string
  doc?: string
  opset: number
  producer: string
  producerVersion: string
  nodes: NodeSpec[]
  initializers: TensorSpec[]
  inputs: ValueSpec[]
  outputs: ValueSpec[]
  metadata: Record<string, string>
}

// AttributeProto.AttributeType
const A = { FLOAT: 1, INT: 2, STRING: 3, FLOATS: 6, INTS: 7, STRINGS: 8 }

function attribute(name: string, v: Attr): Message {
  const m = new Message().string(1, name)
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw new Error(`ONNX attribute ${name}=${v} must be an integer`)
    return m.int(3, v).int(20, A.INT)
  }
  if (typeof v === 'string') return m.string(4, v).int(20, A.STRING)
  if (Array.isArray(v)) return m.packedInts(8, v).int(20, A.INTS)
  if ('float' in v) return m.float(2, v.float).int(20, A.FLOAT)
  if ('strings' in v) {
    for (const x of v.strings) m.string(9, x)
    return m.int(20, A.STRINGS)
  }
  return m.packedFloats(7, v.floats).int(20, A.FLOATS)
}

function node(n: NodeSpec): Message {
  const m = new Message()
  for (const i of n.inputs) m.string(1, i)
  for (const o of n.outputs) m.string(2, o)
  m.string(3, n.name).string(4, n.op)
  for (const [k, v] of Object.entries(n.attrs)) m.message(5, attribute(k, v))
  return m
}

function tensor(t: TensorSpec): Message {
  // raw_data is little-endian; so are the typed arrays on every platform Node runs on
  const raw = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength)
  return new Message().packedInts(1, t.dims).int(2, DTYPE[t.dtype]).string(8, t.name).bytes(9, raw)
}

function valueInfo(v: ValueSpec): Message {
  const shape = new Message()
  for (const d of v.dims)
    shape.message(1, typeof d === 'string' ? new Message().string(2, d) : new Message().int(1, d))
  const tensorType = new Message().int(1, DTYPE[v.dtype]).message(2, shape)
  return new Message().string(1, v.name).message(2, new Message().message(1, tensorType))
}

export function encodeModel(s: ModelSpec): Uint8Array {
  const graph = new Message()
  for (const n of s.nodes) graph.message(1, node(n))
  graph.string(2, s.name)
  for (const t of s.initializers) graph.message(5, tensor(t))
  if (s.doc) graph.string(10, s.doc)
  for (const v of s.inputs) graph.message(11, valueInfo(v))
  for (const v of s.outputs) graph.message(12, valueInfo(v))

  const model = new Message()
    .int(1, IR_VERSION)
    .string(2, s.producer)
    .string(3, s.producerVersion)
    .message(7, graph)
    .message(8, new Message().string(1, '').int(2, s.opset))
  for (const [key, value] of Object.entries(s.metadata))
    model.message(14, new Message().string(1, key).string(2, value))
  return model.finish()
}
