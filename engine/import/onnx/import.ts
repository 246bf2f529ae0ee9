/**
 * ONNX model → Deepwire graph + weights. The loop over the registry: each ONNX node (in
 * topological order) is shape arithmetic folded to a constant (shape-fold.ts), a layout op
 * (layout-ops.ts), or the first registry layer whose `fromOnnx` recognises it. Nodes nothing
 * recognises are collected, one line each, and the import fails as a whole. The generic operator
 * nodes (engine/layers/ops) come last in the registry, so they take what no layer pattern does.
 * Weights come back in the tfjs layouts, by node id and Keras name.
 */
import { defaultsOf, layerKinds, getLayer, ShapeError, type Shape, type AnyLayerDef } from '../../layers'
import type { Weight } from '../../export/onnx/types'
import type { GraphDocInput } from '../../graph/schema'
import { append } from './append'
import { maskedAttention } from './attention-masks'
import { importContext } from './context'
import { graphDoc } from './doc'
import { layoutOp } from './layout-ops'
import { foldShapeOp } from './shape-fold'
import { topologicalOrder } from './order'
import { intsAttr, readModel, type OnnxModel, type OnnxNode } from './read'
import { Downstream, ImportState, NodeRefusal, OnnxImportError } from './state'
import type { Layout, Recognised } from './types'

export interface ImportedModel {
  doc: GraphDocInput
  /** Node id → Keras weight name → values in tfjs' layout. */
  weights: Map<string, Record<string, Weight>>
  inputs: { name: string; shape: Shape }[]
  outputs: { name: string; shape: Shape }[]
  warnings: string[]
}

/** Registry entries by the ONNX op types they recognise, in registry order. */
function recognisers(): Map<string, AnyLayerDef[]> {
  const out = new Map<string, AnyLayerDef[]>()
  for (const kind of layerKinds()) {
    const def = getLayer(kind)!
    for (const op of def.fromOnnx?.ops ?? []) append(out, op, def)
  }
  return out
}

/** Graph inputs: images are NCHW unless the file is Deepwire's or starts with an NHWC → NCHW Transpose. */
function addInputs(st: ImportState, m: OnnxModel, readers: Map<string, OnnxNode[]>) {
  const inputs: { name: string; shape: Shape }[] = []
  // the engine's own files keep images channels-last at the boundary (see export/onnx/layout.ts)
  const deepwire = m.producer === 'Deepwire'
  for (const v of m.graph.inputs) {
    if (m.graph.initializers.has(v.name)) continue
    const dims = v.dims?.slice(1) ?? []
    if (!v.dims || v.dims.length < 2 || dims.some((d) => typeof d !== 'number' || d < 1))
      throw new OnnxImportError([
        {
          op: 'input',
          node: v.name,
          why: `its shape [${(v.dims ?? []).join(', ')}] needs a batch axis and fixed sizes after it`,
        },
      ])
    let shape = dims as number[]
    let layout: Layout = 'cl'
    const r = readers.get(v.name) ?? []
    const nhwc =
      r.length > 0 && r.every((n) => n.op === 'Transpose' && intsAttr(n, 'perm')?.join() === '0,3,1,2')
    if (shape.length === 3 && !nhwc && !deepwire) {
      shape = [shape[1], shape[2], shape[0]]
      layout = 'cf'
    }
    const id = st.uniqueId(v.name, 'input')
    const dtype = v.elemType === 6 || v.elemType === 7 ? 'int32' : 'float32'
    st.addNode({ id, type: 'Input', params: { shape, dtype } }, [])
    st.setValue(v.name, id, shape, layout)
    inputs.push({ name: id, shape })
  }
  return inputs
}

function constants(st: ImportState, m: OnnxModel): void {
  for (const [name, t] of m.graph.initializers) st.constants.set(name, { tensor: t })
  for (const n of m.graph.nodes) {
    if (n.op !== 'Constant') continue
    const [key, a] = [...n.attrs][0] ?? []
    if (key === 'value' && a?.type === 'tensor') st.constants.set(n.outputs[0], { tensor: a.value })
    else if (a?.type === 'float')
      st.constants.set(n.outputs[0], { floats: { data: Float32Array.of(a.value), dims: [] } })
    else if (a?.type === 'floats')
      st.constants.set(n.outputs[0], { floats: { data: Float32Array.from(a.value), dims: [a.value.length] } })
    else if (a?.type === 'int') st.constants.set(n.outputs[0], { ints: [a.value] })
    else if (a?.type === 'ints') st.constants.set(n.outputs[0], { ints: a.value })
  }
}

function addLayer(st: ImportState, node: OnnxNode, def: AnyLayerDef, r: Recognised): void {
  const edges = (r.edges ?? [0]).map((i) => st.value(node.inputs[i], node))
  const params = { ...defaultsOf(def.params), ...r.params }
  let shape: Shape
  try {
    shape = def.outputShape(
      params as never,
      edges.map((e) => e.shape),
    )
  } catch (e) {
    if (e instanceof ShapeError) throw new NodeRefusal(`as a ${def.kind}: ${e.message}`)
    throw e
  }
  const id = st.uniqueId(node.name, def.kind.toLowerCase(), node.op)
  st.addNode(
    { id, type: def.kind, params: r.params },
    edges.map((e) => e.id),
    r.weights,
  )
  if (r.warning) st.warnings.push(`node '${id}': ${r.warning}`)
  const last = r.fused?.at(-1) ?? node
  st.setValue(last.outputs[0], id, shape, r.layout ?? edges[0].layout, edges[0].image)
}

/**
 * Imports an ONNX model's bytes. `modelDir` is the folder external data may be read from (null
 * for bytes that came from elsewhere). Throws OnnxReadError for a damaged file and
 * OnnxImportError listing every operator that has no Deepwire layer.
 */
export function importOnnx(
  bytes: Uint8Array,
  opts: { name: string; modelDir: string | null },
): ImportedModel {
  const m = readModel(bytes)
  const order = topologicalOrder(m.graph)
  const masked = maskedAttention(m.graph, order)
  if (masked) throw new OnnxImportError([masked])
  const st = new ImportState(opts.modelDir)
  const readers = new Map<string, OnnxNode[]>()
  for (const n of order) new Set(n.inputs).forEach((i) => append(readers, i, n))
  // a graph output is one more reader, so nothing fuses it away
  for (const o of m.graph.outputs)
    append(readers, o.name, {
      name: o.name,
      op: '(output)',
      domain: '',
      inputs: [],
      outputs: [],
      attrs: new Map(),
    })

  constants(st, m)
  // the file's output names are what a user knows the outputs by: the Output nodes keep them
  for (const o of m.graph.outputs) st.outputIds.set(o.name, st.uniqueId(o.name, 'output'))
  const inputs = addInputs(st, m, readers)
  const table = recognisers()
  const fused = new Set<OnnxNode>()
  for (const node of order) {
    if (node.op === 'Constant' || fused.has(node)) continue
    try {
      if (node.domain && node.domain !== 'ai.onnx')
        throw new NodeRefusal(`it belongs to the custom operator domain '${node.domain}'`)
      if (foldShapeOp(st, node) || layoutOp(st, node, readers)) continue
      const ctx = importContext(st, node, m.opset, readers)
      // the first entry that recognises the node and takes its shapes; a layer that recognised it
      // but cannot take them (Add of shapes that only broadcast) leaves it to a later entry, and
      // its sentence is the refusal when none can
      let done = false
      let refusal: NodeRefusal | null = null
      for (const def of table.get(node.op) ?? []) {
        try {
          const r = def.fromOnnx!.recognise(ctx)
          if (!r) continue
          addLayer(st, node, def, r)
          r.fused?.forEach((f) => fused.add(f))
          done = true
          break
        } catch (e) {
          if (!(e instanceof NodeRefusal)) throw e
          refusal ??= e
        }
      }
      if (!done) throw refusal ?? new NodeRefusal('no Deepwire layer matches this operator or its inputs yet')
    } catch (e) {
      if (e instanceof Downstream) node.outputs.forEach((o) => st.refused.add(o))
      else if (e instanceof NodeRefusal) st.refuse(node, e.message)
      else throw e
    }
  }

  const outputs: { name: string; shape: Shape }[] = []
  for (const o of m.graph.outputs) {
    const v = st.values.get(o.name)
    if (!v) {
      if (!st.refused.has(o.name))
        st.issues.push({ op: 'output', node: o.name, why: 'it is a constant or no node produces it' })
      continue
    }
    if (v.layout === 'cfflat')
      st.issues.push({
        op: 'output',
        node: o.name,
        why: 'it is an image flattened channels-first, an order the engine does not produce',
      })
    if (v.layout === 'cf')
      st.warnings.push(
        `output '${o.name}' is an image: Deepwire gives it channels-last [H, W, C] where the ONNX model gives [C, H, W]`,
      )
    const id = st.outputIds.get(o.name)!
    st.addNode({ id, type: 'Output' }, [v.id])
    outputs.push({ name: id, shape: v.shape })
  }
  if (st.issues.length) throw new OnnxImportError(st.issues)
  return {
    doc: graphDoc(st, m, opts.name, inputs),
    weights: st.weights,
    inputs,
    outputs,
    warnings: st.warnings,
  }
}
