/**
 * ONNX's ModelProto decoded into the few things the importer needs, straight from the file's
 * bytes: nodes with their attributes, initializers (as windows onto the buffer, materialised only
 * when a layer asks for them), graph inputs/outputs with their shapes and the opset. Field numbers
 * are those of onnx/onnx.proto, as in export/onnx/proto.ts. Subgraphs (If/Loop bodies) are noted,
 * not decoded: no layer imports them, and it keeps the nesting to model → graph → node → attribute
 * → tensor.
 */
import {
  LEN,
  OnnxReadError,
  VARINT,
  expectLen,
  fields,
  float32,
  floats,
  ints,
  text,
  type Field,
} from './wire-read'

/** TensorProto.DataType values the importer reads. */
export const ONNX_DTYPE = { FLOAT: 1, INT32: 6, INT64: 7 } as const

export interface OnnxTensor {
  name: string
  dims: number[]
  dataType: number
  /** The buffer the windows below point into. */
  buf: Uint8Array
  /** raw_data, or a packed float_data / int32_data / int64_data field, as a window of `buf`. */
  raw: Field | null
  /** float_data / int32_data / int64_data fields in the order they came (packed or one per value). */
  typed: Field[]
  /** data_location = EXTERNAL: where the bytes live beside the model. */
  external: { location: string; offset: number; length: number | null } | null
}

export type OnnxAttr =
  | { type: 'float'; value: number }
  | { type: 'int'; value: number }
  | { type: 'string'; value: string }
  | { type: 'floats'; value: number[] }
  | { type: 'ints'; value: number[] }
  | { type: 'strings'; value: string[] }
  | { type: 'tensor'; value: OnnxTensor }
  | { type: 'graph'; value: null }

export interface OnnxNode {
  name: string
  op: string
  domain: string
  inputs: string[]
  outputs: string[]
  attrs: Map<string, OnnxAttr>
}

/** An INTS attribute of a node, or null when it is absent or of another type. */
export function intsAttr(n: OnnxNode, name: string): number[] | null {
  const a = n.attrs.get(name)
  return a?.type === 'ints' ? a.value : null
}

export interface OnnxValueInfo {
  name: string
  elemType: number
  /** null: no shape given; a string is a symbolic dimension (dim_param), null inside = unknown. */
  dims: (number | string | null)[] | null
}

export interface OnnxGraph {
  name: string
  nodes: OnnxNode[]
  initializers: Map<string, OnnxTensor>
  inputs: OnnxValueInfo[]
  outputs: OnnxValueInfo[]
}

export interface OnnxModel {
  irVersion: number
  producer: string
  /** The default domain's opset ('' or 'ai.onnx'). */
  opset: number
  graph: OnnxGraph
  metadata: Map<string, string>
}

/** Far above real models (ResNet-152 has ~500 nodes, GPT-2's export ~3,000). */
export const MAX_NODES = 200_000
const MAX_RANK = 16

function tensor(buf: Uint8Array, start: number, end: number, where: string): OnnxTensor {
  const t: OnnxTensor = { name: '', dims: [], dataType: 0, buf, raw: null, typed: [], external: null }
  const ext = new Map<string, string>()
  let location = 0
  for (const f of fields(buf, start, end, `tensor in ${where}`)) {
    const what = `tensor ${t.name ? `'${t.name}'` : ''} in ${where}`
    switch (f.field) {
      case 1:
        ints(buf, f, `${what} dims`, t.dims)
        if (t.dims.length > MAX_RANK) throw new OnnxReadError(`${what} has more than ${MAX_RANK} dimensions`)
        break
      case 2:
        t.dataType = f.value
        break
      case 8:
        t.name = text(buf, f, `${what} name`)
        break
      case 9:
        expectLen(f, `${what} raw_data`)
        t.raw = f
        break
      case 4:
      case 5:
      case 7:
        t.typed.push(f)
        break
      case 13: {
        expectLen(f, `${what} external_data`)
        let key = ''
        let value = ''
        for (const e of fields(buf, f.start, f.end, `${what} external_data`))
          if (e.field === 1) key = text(buf, e, `${what} external_data key`)
          else if (e.field === 2) value = text(buf, e, `${what} external_data value`)
        ext.set(key, value)
        break
      }
      case 14:
        location = f.value
        break
    }
  }
  if (t.dims.some((d) => d < 0))
    throw new OnnxReadError(`tensor '${t.name}' in ${where} has a negative dimension [${t.dims.join(', ')}]`)
  if (location === 1) {
    const num = (k: string) => {
      const v = ext.get(k)
      if (v === undefined) return null
      if (!/^\d{1,15}$/.test(v))
        throw new OnnxReadError(`tensor '${t.name}' has an external_data ${k} that is not a whole number`)
      return Number(v)
    }
    const loc = ext.get('location')
    if (!loc) throw new OnnxReadError(`tensor '${t.name}' is stored externally but names no file`)
    t.external = { location: loc, offset: num('offset') ?? 0, length: num('length') }
  }
  return t
}

function attribute(buf: Uint8Array, f: Field, where: string): [string, OnnxAttr | null] {
  let name = ''
  let type = 0
  const found: Partial<Record<number, Field[]>> = {}
  for (const a of fields(buf, f.start, f.end, `an attribute of ${where}`)) {
    if (a.field === 1) name = text(buf, a, `an attribute name of ${where}`)
    else if (a.field === 20) type = a.value
    else (found[a.field] ??= []).push(a)
  }
  const what = `attribute '${name}' of ${where}`
  const one = (n: number) => {
    const x = found[n]?.at(-1)
    if (!x) throw new OnnxReadError(`${what} has no value`)
    return x
  }
  switch (type) {
    case 1:
      return [name, { type: 'float', value: float32(buf, one(2), what) }]
    case 2:
      if (one(3).wire !== VARINT) throw new OnnxReadError(`${what} should be an integer`)
      return [name, { type: 'int', value: one(3).value }]
    case 3:
      return [name, { type: 'string', value: text(buf, one(4), what) }]
    case 4: {
      const t = one(5)
      expectLen(t, what)
      return [name, { type: 'tensor', value: tensor(buf, t.start, t.end, what) }]
    }
    case 5:
    case 10:
      return [name, { type: 'graph', value: null }]
    case 6: {
      const out: number[] = []
      for (const x of found[7] ?? []) floats(buf, x, what, out)
      return [name, { type: 'floats', value: out }]
    }
    case 7: {
      const out: number[] = []
      for (const x of found[8] ?? []) ints(buf, x, what, out)
      return [name, { type: 'ints', value: out }]
    }
    case 8:
      return [name, { type: 'strings', value: (found[9] ?? []).map((x) => text(buf, x, what)) }]
    default:
      // sparse tensors, type protos and lists of tensors: nothing the importer maps reads them
      return [name, null]
  }
}

function node(buf: Uint8Array, start: number, end: number, index: number): OnnxNode {
  const n: OnnxNode = { name: '', op: '', domain: '', inputs: [], outputs: [], attrs: new Map() }
  const where = `node ${index + 1}`
  const attrFields: Field[] = []
  for (const f of fields(buf, start, end, where)) {
    if (f.field === 1) n.inputs.push(text(buf, f, `an input of ${where}`))
    else if (f.field === 2) n.outputs.push(text(buf, f, `an output of ${where}`))
    else if (f.field === 3) n.name = text(buf, f, `the name of ${where}`)
    else if (f.field === 4) n.op = text(buf, f, `the op_type of ${where}`)
    else if (f.field === 7) n.domain = text(buf, f, `the domain of ${where}`)
    else if (f.field === 5) {
      expectLen(f, `an attribute of ${where}`)
      attrFields.push(f)
    }
  }
  const label = `${where} (${n.op || 'no op_type'}${n.name ? ` '${n.name}'` : ''})`
  for (const f of attrFields) {
    const [k, v] = attribute(buf, f, label)
    if (v) n.attrs.set(k, v)
  }
  if (!n.op) throw new OnnxReadError(`${label} has no op_type`)
  return n
}

function valueInfo(buf: Uint8Array, start: number, end: number, where: string): OnnxValueInfo {
  const v: OnnxValueInfo = { name: '', elemType: 0, dims: null }
  for (const f of fields(buf, start, end, where)) {
    if (f.field === 1) v.name = text(buf, f, `the name of ${where}`)
    if (f.field !== 2) continue
    expectLen(f, `the type of ${where}`)
    for (const t of fields(buf, f.start, f.end, `the type of ${where}`)) {
      if (t.field !== 1 || t.wire !== LEN) continue // only tensor types
      for (const tt of fields(buf, t.start, t.end, `the tensor type of ${where}`)) {
        if (tt.field === 1 && tt.wire === VARINT) v.elemType = tt.value
        if (tt.field !== 2 || tt.wire !== LEN) continue
        v.dims = []
        for (const d of fields(buf, tt.start, tt.end, `the shape of ${where}`)) {
          if (d.field !== 1 || d.wire !== LEN) continue
          if (v.dims.length >= MAX_RANK)
            throw new OnnxReadError(`${where} has more than ${MAX_RANK} dimensions`)
          let dim: number | string | null = null
          for (const x of fields(buf, d.start, d.end, `a dimension of ${where}`))
            if (x.field === 1 && x.wire === VARINT) dim = x.value
            else if (x.field === 2) dim = text(buf, x, `a dimension of ${where}`)
          v.dims.push(dim)
        }
      }
    }
  }
  return v
}

function graph(buf: Uint8Array, start: number, end: number): OnnxGraph {
  const g: OnnxGraph = { name: '', nodes: [], initializers: new Map(), inputs: [], outputs: [] }
  for (const f of fields(buf, start, end, 'the graph')) {
    switch (f.field) {
      case 1:
        expectLen(f, 'a graph node')
        if (g.nodes.length >= MAX_NODES) throw new OnnxReadError(`the graph has more than ${MAX_NODES} nodes`)
        g.nodes.push(node(buf, f.start, f.end, g.nodes.length))
        break
      case 2:
        g.name = text(buf, f, 'the graph name')
        break
      case 5: {
        expectLen(f, 'a graph initializer')
        const t = tensor(buf, f.start, f.end, `initializer ${g.initializers.size + 1}`)
        if (g.initializers.has(t.name)) throw new OnnxReadError(`two initializers are named '${t.name}'`)
        g.initializers.set(t.name, t)
        break
      }
      case 11:
      case 12: {
        const list = f.field === 11 ? g.inputs : g.outputs
        expectLen(f, 'a graph input or output')
        list.push(
          valueInfo(buf, f.start, f.end, `graph ${f.field === 11 ? 'input' : 'output'} ${list.length + 1}`),
        )
        break
      }
    }
  }
  return g
}

const MAGIC_HINT =
  'it is not an ONNX model (expected a protobuf ModelProto, as torch.onnx.export or tf2onnx write)'

/** Decodes a ModelProto; throws OnnxReadError with one sentence when the bytes are not one. */
export function readModel(buf: Uint8Array): OnnxModel {
  // a ModelProto starts with a small field tag (ir_version = field 1, varint: 0x08)
  if (buf.length === 0 || buf[0] === 0 || buf[0] > 0x7a) throw new OnnxReadError(MAGIC_HINT)
  const m: OnnxModel = { irVersion: 0, producer: '', opset: 0, graph: null!, metadata: new Map() }
  let sawGraph = false
  let sawOnnxOpset = false
  for (const f of fields(buf, 0, buf.length, 'the model')) {
    if (f.field === 1 && f.wire === VARINT) m.irVersion = f.value
    else if (f.field === 2) m.producer = text(buf, f, 'the producer name')
    else if (f.field === 7) {
      expectLen(f, 'the model graph')
      if (sawGraph) throw new OnnxReadError('the model holds two graphs')
      m.graph = graph(buf, f.start, f.end)
      sawGraph = true
    } else if (f.field === 8) {
      expectLen(f, 'an opset_import')
      let domain = ''
      let version = 0
      for (const o of fields(buf, f.start, f.end, 'an opset_import'))
        if (o.field === 1) domain = text(buf, o, 'an opset domain')
        else if (o.field === 2 && o.wire === VARINT) version = o.value
      if (domain === '' || domain === 'ai.onnx') {
        m.opset = version
        sawOnnxOpset = true
      }
    } else if (f.field === 14) {
      expectLen(f, 'a metadata entry')
      let key = ''
      let value = ''
      for (const e of fields(buf, f.start, f.end, 'a metadata entry'))
        if (e.field === 1) key = text(buf, e, 'a metadata key')
        else if (e.field === 2) value = text(buf, e, 'a metadata value')
      m.metadata.set(key, value)
    }
  }
  if (!sawGraph || m.irVersion === 0) throw new OnnxReadError(MAGIC_HINT)
  if (!sawOnnxOpset) throw new OnnxReadError('the model imports no version of the standard ONNX operator set')
  return m
}

export { OnnxReadError }
