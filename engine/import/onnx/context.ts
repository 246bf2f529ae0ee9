/**
 * The OnnxImportContext a recogniser works with, over one ONNX node and the importer's state.
 */
import type { OnnxNode, OnnxAttr } from './read'
import { NodeRefusal, type ImportState } from './state'
import type { OnnxImportContext } from './types'

export function importContext(
  st: ImportState,
  node: OnnxNode,
  opset: number,
  readers: Map<string, OnnxNode[]>,
): OnnxImportContext {
  const fail = (why: string): never => {
    throw new NodeRefusal(why)
  }
  const attr = <T extends OnnxAttr['type']>(name: string, type: T) => {
    const a = node.attrs.get(name)
    if (!a) return undefined
    if (a.type !== type) fail(`its attribute ${name} should be ${type} but is ${a.type}`)
    return (a as Extract<OnnxAttr, { type: T }>).value as Extract<OnnxAttr, { type: T }>['value']
  }
  const name = (i: number) => node.inputs[i] ?? ''
  return {
    node,
    opset,
    input: (i) => (name(i) ? st.value(name(i), node) : fail(`it has no input ${i + 1}`)),
    isConstant: (i) => st.constants.has(name(i)),
    floats: (i) => (name(i) ? st.floats(name(i)) : null),
    constantByName: (n) => st.floats(n),
    ints: (i) => (name(i) ? st.ints(name(i)) : null),
    constantDims: (i) => {
      const c = st.constants.get(name(i))
      return !c ? null : 'tensor' in c ? c.tensor.dims : 'floats' in c ? c.floats.dims : null
    },
    int: (n, fallback) => attr(n, 'int') ?? fallback,
    ints_: (n, fallback) => attr(n, 'ints') ?? fallback,
    float: (n, fallback) => attr(n, 'float') ?? fallback,
    string: (n, fallback) => attr(n, 'string') ?? fallback,
    readersOf: (n) => readers.get(n) ?? [],
    intsByName: (n) => st.ints(n),
    isZeros: (i) => st.zeros.has(name(i)),
    soleConsumer: () => {
      const r = readers.get(node.outputs[0]) ?? []
      return r.length === 1 ? r[0] : null
    },
    fail,
  }
}
