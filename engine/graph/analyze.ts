/**
 * Validation and shape inference in one pass over the flattened graph: pure arithmetic, no
 * tensors, so it runs in the renderer on every edit and refuses absurd sizes before anything
 * is allocated.
 */
import { getLayer, layerKinds } from '../layers'
import { resolveParams } from '../layers/resolve'
import type { ParamSpecs, ParamValues } from '../layers/params'
import { ShapeError, prod, type AnyLayerDef, type Shape } from '../layers/types'
import { flatten, type FlatGraph, type FlatNode } from './flatten'
import { err, type GraphIssue } from './issues'
import type { GraphDoc } from './schema'
import { quote, quoteList } from '../budget/untrusted'

/** Largest activation per sample (elements) and largest model (parameters) we agree to build. */
export const MAX_ACTIVATION = 64 * 1024 * 1024
export const MAX_PARAMS = 500_000_000

export interface NodeInfo {
  id: string
  type: string
  params: ParamValues<ParamSpecs>
  def: AnyLayerDef
  inputs: string[]
  inputShapes: Shape[]
  outputShape: Shape
  trainableParams: number
  /** Non-trainable numbers: running statistics, and a frozen node's weights. */
  stateParams: number
  /** The weights that training would learn but the node's `trainable: false` keeps as they are. */
  frozenParams: number
  macs: number
  trainable: boolean
  init?: FlatNode['init']
  weightDecay?: number
  lrMultiplier?: number
}

export interface Analysis {
  ok: boolean
  errors: GraphIssue[]
  warnings: GraphIssue[]
  /** Flattened layers in topological order (only those whose shapes are known). */
  order: NodeInfo[]
  /** Shapes and counts for every top-level node, block instances summed over their contents. */
  summary: Map<
    string,
    {
      outputShape: Shape | null
      trainableParams: number
      stateParams: number
      frozenParams: number
      macs: number
    }
  >
  inputs: string[]
  outputs: string[]
  totals: { trainableParams: number; stateParams: number; frozenParams: number; macs: number }
  flat: FlatGraph
}

function topoOrder(g: FlatGraph): { order: string[]; cyclic: string[] } {
  const indeg = new Map<string, number>()
  const out = new Map<string, string[]>()
  for (const n of g.nodes) indeg.set(n.id, 0)
  for (const n of g.nodes)
    for (const s of g.inputsOf.get(n.id) ?? []) {
      if (!indeg.has(s)) continue
      indeg.set(n.id, indeg.get(n.id)! + 1)
      const list = out.get(s)
      if (list) list.push(n.id)
      else out.set(s, [n.id])
    }
  const queue = g.nodes.filter((n) => indeg.get(n.id) === 0).map((n) => n.id)
  const order: string[] = []
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head]
    order.push(id)
    for (const t of out.get(id) ?? []) {
      indeg.set(t, indeg.get(t)! - 1)
      if (indeg.get(t) === 0) queue.push(t)
    }
  }
  const done = new Set(order)
  return { order, cyclic: g.nodes.filter((n) => !done.has(n.id)).map((n) => n.id) }
}

const fmt = (s: Shape) => `[${s.join('×')}]`

/**
 * resolveParams by value: validating a layer's parameters with zod is most of an analysis, and
 * after an edit all but one node carry the same values as before. Keyed by the layer type and
 * the parameters as JSON; the resolved values are shared between analyses and never mutated.
 */
const resolved = new Map<AnyLayerDef, Map<string, ReturnType<typeof resolveParams>>>()
let resolvedCount = 0
const RESOLVED_MAX = 20_000

// values JSON would write alike (undefined, NaN, -0 next to 0, '1' next to 1) get distinct keys
const exactly = (_k: string, v: unknown) =>
  typeof v === 'string'
    ? `s${v}`
    : v === undefined || (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0)))
      ? `n${String(v)}${Object.is(v, -0) ? '-0' : ''}`
      : v

function resolveCached(def: AnyLayerDef, params: Record<string, unknown>) {
  const key = JSON.stringify(params, exactly)
  let byKey = resolved.get(def)
  const hit = byKey?.get(key)
  if (hit) return hit
  const r = resolveParams(def, params)
  // many distinct values (a long editing session): start over rather than grow without bound
  if (++resolvedCount > RESOLVED_MAX) {
    resolved.clear()
    resolvedCount = 1
    byKey = undefined
  }
  if (!byKey) resolved.set(def, (byKey = new Map()))
  byKey.set(key, r)
  return r
}

export function analyze(doc: GraphDoc): Analysis {
  const { graph, issues, refused } = flatten(doc)
  const errors = [...issues]
  const warnings: GraphIssue[] = []
  const empty = { trainableParams: 0, stateParams: 0, frozenParams: 0, macs: 0 }
  if (refused)
    return {
      ok: false,
      errors,
      warnings,
      order: [],
      summary: new Map(),
      inputs: [],
      outputs: [],
      totals: empty,
      flat: graph,
    }
  const byId = new Map(graph.nodes.map((n) => [n.id, n]))
  const consumers = new Map<string, number>()
  for (const srcs of graph.inputsOf.values())
    for (const s of srcs) consumers.set(s, (consumers.get(s) ?? 0) + 1)

  const { order, cyclic } = topoOrder(graph)
  if (cyclic.length)
    errors.push(err(`the graph has a cycle through ${quoteList(cyclic)}`, { nodeId: cyclic[0] }))

  const connected = new Set<string>()
  for (const [t, srcs] of graph.inputsOf) if (srcs.length) [t, ...srcs].forEach((x) => connected.add(x))
  const infos = new Map<string, NodeInfo>()
  let totalParams = 0
  for (const id of order) {
    const n = byId.get(id)!
    const def = getLayer(n.type)
    if (!def) {
      errors.push(
        err(`unknown layer type ${quote(n.type)} (known: ${layerKinds().join(', ')})`, {
          nodeId: id,
          field: 'type',
        }),
      )
      continue
    }
    if (graph.nodes.length > 1 && !connected.has(id)) {
      errors.push(err(`${n.type} is not connected to anything`, { nodeId: id }))
      continue
    }
    // the bilinear kernel is an upsampling filter: on any other layer it would be a silent blur
    if (n.init === 'bilinear' && n.type !== 'Conv2DTranspose')
      errors.push(
        err(`the bilinear initialiser applies to Conv2DTranspose only, not to ${n.type}`, {
          nodeId: id,
          field: 'init',
        }),
      )
    const rp = resolveCached(def, n.params)
    if (!rp.ok) {
      for (const i of rp.issues)
        errors.push(
          err(`${n.type} ${i.param ? `${quote(i.param)} ` : ''}${i.message}`, {
            nodeId: id,
            field: i.param || 'params',
          }),
        )
      continue
    }
    const srcs = graph.inputsOf.get(id) ?? []
    const [min, max] = def.inputs
    if (srcs.length < min) {
      errors.push(
        err(`${n.type} needs ${min === max ? min : `at least ${min}`} input(s) but has ${srcs.length}`, {
          nodeId: id,
        }),
      )
      continue
    }
    if (srcs.length > max) {
      const hint = max === 1 ? ': join them with a merge node (Add, Concatenate, …) first' : ''
      errors.push(
        err(`${n.type} takes ${max === 0 ? 'no' : max} input(s) but ${srcs.length} are connected${hint}`, {
          nodeId: id,
        }),
      )
      continue
    }
    const inputInfos = srcs.map((s) => infos.get(s))
    if (inputInfos.some((x) => !x)) continue // an upstream error was already reported
    const inputShapes = inputInfos.map((x) => x!.outputShape)
    let outputShape: Shape
    try {
      outputShape = def.outputShape(rp.params, inputShapes)
    } catch (e) {
      // a layer's shape rule failing in another way is still this node's problem, not a crash
      const why =
        e instanceof ShapeError ? e.message : `${n.type} cannot compute its output shape (${String(e)})`
      errors.push(err(`${why} (input ${inputShapes.map(fmt).join(', ')})`, { nodeId: id }))
      continue
    }
    if (outputShape.some((d) => !Number.isInteger(d) || d < 1)) {
      errors.push(
        err(
          `${n.type} would produce the empty shape ${fmt(outputShape)} from ${inputShapes.map(fmt).join(', ')}`,
          { nodeId: id },
        ),
      )
      continue
    }
    if (prod(outputShape) > MAX_ACTIVATION) {
      errors.push(
        err(
          `output ${fmt(outputShape)} has ${prod(outputShape).toLocaleString('en')} values per sample, more than the ${MAX_ACTIVATION.toLocaleString('en')} a model can hold`,
          { nodeId: id },
        ),
      )
      continue
    }
    const trainableParams = def.trainableParams(rp.params, inputShapes)
    const stateParams = def.stateParams?.(rp.params, inputShapes) ?? 0
    totalParams += trainableParams + stateParams
    infos.set(id, {
      id,
      type: n.type,
      params: rp.params,
      def,
      inputs: srcs,
      inputShapes,
      outputShape,
      trainableParams: n.trainable ? trainableParams : 0,
      stateParams: stateParams + (n.trainable ? 0 : trainableParams),
      frozenParams: n.trainable ? 0 : trainableParams,
      macs: def.macs?.(rp.params, inputShapes, outputShape) ?? 0,
      trainable: n.trainable,
      init: n.init,
      weightDecay: n.weightDecay,
      lrMultiplier: n.lrMultiplier,
    })
  }
  if (totalParams > MAX_PARAMS)
    errors.push(
      err(
        `the model has ${totalParams.toLocaleString('en')} parameters, more than the ${MAX_PARAMS.toLocaleString('en')} Deepwire builds`,
      ),
    )

  const inputs = graph.nodes.filter((n) => n.type === 'Input').map((n) => n.id)
  if (!inputs.length) errors.push(err('the graph has no Input node'))
  const explicit = graph.nodes.filter((n) => n.type === 'Output').map((n) => n.id)
  const outputs = explicit.length
    ? explicit
    : graph.nodes.filter((n) => !consumers.has(n.id) && n.type !== 'Input').map((n) => n.id)
  if (!outputs.length && inputs.length)
    errors.push(err('the graph has no output: nothing comes after the Input'))

  const ordered = order.filter((id) => infos.has(id)).map((id) => infos.get(id)!)
  return {
    ok: errors.length === 0,
    errors,
    warnings,
    order: ordered,
    summary: summarise(doc, graph, infos),
    inputs,
    outputs,
    totals: {
      trainableParams: ordered.reduce((a, n) => a + n.trainableParams, 0),
      stateParams: ordered.reduce((a, n) => a + n.stateParams, 0),
      frozenParams: ordered.reduce((a, n) => a + n.frozenParams, 0),
      macs: ordered.reduce((a, n) => a + n.macs, 0),
    },
    flat: graph,
  }
}

function summarise(doc: GraphDoc, g: FlatGraph, infos: Map<string, NodeInfo>): Analysis['summary'] {
  const out: Analysis['summary'] = new Map()
  // group flat layers by their top-level node once: per-node filtering is quadratic
  const byTop = new Map<string, NodeInfo[]>()
  for (const i of infos.values()) {
    const top = i.id.split('/', 1)[0]
    const list = byTop.get(top)
    if (list) list.push(i)
    else byTop.set(top, [i])
  }
  for (const n of doc.nodes) {
    const inside = byTop.get(n.id) ?? []
    const outs = g.blockOutputs.get(n.id)
    const producer = outs ? Object.values(outs)[0] : n.id
    out.set(n.id, {
      outputShape: infos.get(producer)?.outputShape ?? null,
      trainableParams: inside.reduce((a, i) => a + i.trainableParams, 0),
      stateParams: inside.reduce((a, i) => a + i.stateParams, 0),
      frozenParams: inside.reduce((a, i) => a + i.frozenParams, 0),
      macs: inside.reduce((a, i) => a + i.macs, 0),
    })
  }
  return out
}
