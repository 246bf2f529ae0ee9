/**
 * Pure block edits of a graph document: group a selection into a new block definition, and
 * inline (ungroup) one block instance. Both keep the flattened graph — layers, parameters,
 * wiring and merge order — exactly as it was; only the nesting changes.
 */
import { repeatCount, substitute } from '../../../engine/graph/flatten'
import type { GraphIssue } from '../../../engine/graph/issues'
import type { BlockDef, GraphDoc, GraphEdge, GraphNode } from '../../../engine/graph/schema'
import { uniqueId } from './doc-ops'

export type BlockResult = { ok: true; doc: GraphDoc; id: string } | { ok: false; message: string }
export type UngroupResult = { ok: true; doc: GraphDoc; ids: string[] } | { ok: false; message: string }

const BLOCK_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/
/** Layers that mark the model's boundary: a block is a piece of the inside. */
const BOUNDARY = new Set(['Input', 'Output'])

/** An edge end: which node, and which of its ports when it is a block with several. */
interface End {
  node: string
  port?: string
}
const endKey = (e: End) => `${e.node}\u0000${e.port ?? ''}`

function freshEdgeId(used: Set<string>, base: string): string {
  let id = base
  for (let i = 2; used.has(id); i++) id = `${base}#${i}`
  used.add(id)
  return id
}

/** The selection's ancestors reachable by leaving it and coming back make the block a cycle. */
function cycleThrough(doc: GraphDoc, inside: Set<string>): string | null {
  const next = new Map<string, string[]>()
  for (const e of doc.edges) next.set(e.source, [...(next.get(e.source) ?? []), e.target])
  const seen = new Set<string>()
  const stack = doc.edges.filter((e) => inside.has(e.source) && !inside.has(e.target)).map((e) => e.target)
  while (stack.length) {
    const id = stack.pop()!
    if (seen.has(id)) continue
    seen.add(id)
    for (const t of next.get(id) ?? []) {
      if (inside.has(t)) return id
      stack.push(t)
    }
  }
  return null
}

/**
 * Replaces the top-level nodes `ids` by one instance of a new block `name`. Each distinct
 * outside producer feeding the selection becomes an input port and each inside producer read
 * from outside an output port, numbered in document edge order ("in"/"out" when there is one,
 * so the block can be repeated).
 */
export function groupIntoBlock(doc: GraphDoc, ids: string[], name: string): BlockResult {
  const inside = new Set(ids)
  const picked = doc.nodes.filter((n) => inside.has(n.id))
  const missing = ids.filter((id) => !picked.some((n) => n.id === id))
  if (missing.length)
    return {
      ok: false,
      message: `Only top-level nodes can be grouped; '${missing[0]}' is inside a block (ungroup that block first).`,
    }
  if (picked.length === 0) return { ok: false, message: 'Select at least one node to group into a block.' }
  const boundary = picked.find((n) => BOUNDARY.has(n.type))
  if (boundary)
    return {
      ok: false,
      message: `'${boundary.id}' is an ${boundary.type} node; a block cannot contain the model's ${boundary.type === 'Input' ? 'inputs' : 'outputs'}.`,
    }
  if (!BLOCK_NAME.test(name))
    return {
      ok: false,
      message: `The block name '${name}' must start with a letter or '_' and use only letters, digits, '_' or '-' (at most 64).`,
    }
  if (Object.hasOwn(doc.blocks, name))
    return { ok: false, message: `A block named '${name}' already exists; pick another name.` }
  const incoming = doc.edges.filter((e) => !inside.has(e.source) && inside.has(e.target))
  if (incoming.length === 0)
    return {
      ok: false,
      message: `The selection gets no input from the rest of the graph, so it cannot become a block.`,
    }
  const loop = cycleThrough(doc, inside)
  if (loop)
    return {
      ok: false,
      message: `Grouping these nodes would make a cycle: '${loop}' reads the block's output and feeds back into it. Add '${loop}' to the selection or select fewer nodes.`,
    }

  const inPorts = new Map<string, string>()
  for (const e of incoming) {
    const k = endKey({ node: e.source, port: e.sourcePort })
    if (!inPorts.has(k)) inPorts.set(k, '')
  }
  const outgoing = doc.edges.filter((e) => inside.has(e.source) && !inside.has(e.target))
  const outPorts = new Map<string, string>()
  for (const e of outgoing) outPorts.set(endKey({ node: e.source, port: e.sourcePort }), '')
  if (outPorts.size === 0) {
    // the selection ends the model (implicit outputs): its sinks become the block's outputs
    const fed = new Set(doc.edges.filter((e) => inside.has(e.source)).map((e) => e.source))
    for (const n of picked) if (!fed.has(n.id)) outPorts.set(endKey({ node: n.id }), '')
  }
  const numberPorts = (m: Map<string, string>, stem: string) =>
    [...m.keys()].forEach((k, i) => m.set(k, m.size === 1 ? stem : `${stem}${i + 1}`))
  numberPorts(inPorts, 'in')
  numberPorts(outPorts, 'out')

  const xs = picked.map((n) => n.position?.x ?? 0)
  const ys = picked.map((n) => n.position?.y ?? 0)
  const origin = { x: Math.min(...xs), y: Math.min(...ys) }
  const id = uniqueId(doc, name)

  // inside edges keep their document order, so every merge node sees its inputs in the same order
  const innerEdges: GraphEdge[] = []
  for (const e of doc.edges) {
    if (!inside.has(e.target)) continue
    if (inside.has(e.source)) innerEdges.push(e)
    else {
      const { sourcePort: _drop, ...rest } = e
      innerEdges.push({ ...rest, source: '@' + inPorts.get(endKey({ node: e.source, port: e.sourcePort }))! })
    }
  }
  for (const [k, port] of outPorts) {
    const [node, p] = k.split('\u0000')
    innerEdges.push({ source: node, ...(p ? { sourcePort: p } : {}), target: '@' + port })
  }
  const def: BlockDef = {
    inputs: [...inPorts.values()],
    outputs: [...outPorts.values()],
    params: {},
    nodes: picked.map((n) => ({
      ...n,
      position: { x: (n.position?.x ?? 0) - origin.x, y: (n.position?.y ?? 0) - origin.y },
    })),
    edges: innerEdges,
  }

  const used = new Set(
    doc.edges.flatMap((e) => (e.id && !inside.has(e.source) && !inside.has(e.target) ? [e.id] : [])),
  )
  const multiIn = inPorts.size > 1
  const multiOut = outPorts.size > 1
  const outer: GraphEdge[] = []
  const wiredIn = new Set<string>()
  for (const e of doc.edges) {
    const from = inside.has(e.source)
    const to = inside.has(e.target)
    if (from && to) continue
    if (!from && !to) outer.push(e)
    else if (to) {
      const k = endKey({ node: e.source, port: e.sourcePort })
      if (wiredIn.has(k)) continue
      wiredIn.add(k)
      const port = inPorts.get(k)!
      outer.push({
        ...e,
        id: freshEdgeId(used, `${e.source}->${id}`),
        target: id,
        ...(multiIn ? { targetPort: port } : { targetPort: undefined }),
      })
    } else {
      const port = outPorts.get(endKey({ node: e.source, port: e.sourcePort }))!
      outer.push({
        ...e,
        id: freshEdgeId(used, `${id}->${e.target}`),
        source: id,
        ...(multiOut ? { sourcePort: port } : { sourcePort: undefined }),
      })
    }
  }
  const instance: GraphNode = { id, type: 'Block', block: name, params: {}, position: origin }
  const at = doc.nodes.findIndex((n) => inside.has(n.id))
  const nodes = doc.nodes.filter((n) => !inside.has(n.id))
  nodes.splice(Math.min(at, nodes.length), 0, instance)
  return {
    ok: true,
    id,
    doc: { ...doc, nodes, edges: outer.map(dropUndefinedPorts), blocks: { ...doc.blocks, [name]: def } },
  }
}

function dropUndefinedPorts(e: GraphEdge): GraphEdge {
  const out = { ...e }
  if (out.sourcePort === undefined) delete out.sourcePort
  if (out.targetPort === undefined) delete out.targetPort
  return out
}

const issueText = (issues: GraphIssue[]) => issues.map((i) => i.message).join('; ')

/** One block instance opened up: its inner nodes with parameters and repeat counts filled in. */
export interface InnerLevel {
  def: BlockDef
  /** Repeat count when the instance stands for a chain of copies ("1" … "n"). */
  times: number | null
  nodes: GraphNode[]
  /** Inner wiring; "@port" ends are the instance's ports. */
  edges: GraphEdge[]
}

/**
 * The level inside instance `inst` (whose own parameters are already concrete), as flatten()
 * sees it: the copies of a repeated instance, else the definition's nodes in its scope. The
 * instance's trainable flag and initializer carry down, as when flattening.
 */
export function innerLevel(
  doc: GraphDoc,
  inst: GraphNode,
  where = inst.id,
): { ok: true; level: InnerLevel } | { ok: false; message: string } {
  const def = inst.block ? doc.blocks[inst.block] : undefined
  if (inst.type !== 'Block' || !def)
    return { ok: false, message: `'${where}' uses block '${inst.block ?? ''}', which is not defined.` }
  const issues: GraphIssue[] = []
  const params = substitute(inst.params, {}, where, issues)
  const times = repeatCount(inst, {}, where, issues)
  const inherit = (n: GraphNode): GraphNode => ({
    ...n,
    ...(inst.trainable === false ? { trainable: false } : {}),
    ...((n.init ?? inst.init) ? { init: n.init ?? inst.init } : {}),
  })
  let nodes: GraphNode[]
  let edges: GraphEdge[]
  if (times !== null) {
    if (def.inputs.length !== 1 || def.outputs.length !== 1)
      issues.push({
        severity: 'error',
        nodeId: where,
        message: `block '${inst.block}' has several input or output ports, so it cannot repeat`,
      })
    const known = Object.fromEntries(Object.entries(params).filter(([k]) => Object.hasOwn(def.params, k)))
    nodes = Array.from({ length: times }, (_, i) =>
      inherit({
        id: String(i + 1),
        type: 'Block',
        block: inst.block,
        params: { ...known },
        position: { x: 0, y: i * 110 },
      }),
    )
    const chain = ['@' + def.inputs[0], ...nodes.map((n) => n.id), '@' + def.outputs[0]]
    edges = chain.slice(1).map((target, i) => ({ source: chain[i], target }))
  } else {
    const scope = { ...def.params, ...params }
    nodes = def.nodes.map((n) => {
      const own: GraphNode = { ...n, params: substitute(n.params, scope, `${where}/${n.id}`, issues) }
      if (typeof n.repeat === 'string') {
        const r = scope[n.repeat.slice(1)]
        if (typeof r === 'number' || typeof r === 'boolean') own.repeat = r
        else
          issues.push({
            severity: 'error',
            nodeId: `${where}/${n.id}`,
            field: 'repeat',
            message: `repeat refers to '${n.repeat}', which is not a number`,
          })
      }
      return inherit(own)
    })
    edges = def.edges
  }
  if (issues.length) return { ok: false, message: `'${where}': ${issueText(issues)}` }
  return { ok: true, level: { def, times, nodes, edges } }
}

/**
 * Inlines the block instance `id`: its inner nodes (parameters filled in) take its place,
 * wired to what the instance was wired to. A repeated instance becomes its chain of copies,
 * each still an instance of the block, so nested blocks come apart one level at a time.
 */
export function ungroupBlock(doc: GraphDoc, id: string): UngroupResult {
  const inst = doc.nodes.find((n) => n.id === id)
  if (!inst) return { ok: false, message: `There is no node '${id}' at the top level of the graph.` }
  if (inst.type !== 'Block') return { ok: false, message: `'${id}' is a ${inst.type} layer, not a block.` }
  const opened = innerLevel(doc, inst)
  if (!opened.ok) return { ok: false, message: `Cannot ungroup ${opened.message}` }
  const { def, times, nodes: inner, edges: innerEdges } = opened.level
  const taken = new Set(doc.nodes.map((n) => n.id).filter((x) => x !== id))
  const claim = (base: string) => {
    let nid = taken.has(base) ? `${id}_${base}` : base
    for (let i = 2; taken.has(nid); i++) nid = `${id}_${base}${i}`
    taken.add(nid)
    return nid
  }
  const origin = inst.position ?? { x: 0, y: 0 }
  // inner ids are kept when free, so grouping and then ungrouping gives the original ids back
  const rename = new Map(inner.map((n) => [n.id, claim(times === null ? n.id : `${id}_${n.id}`)]))

  // what feeds each input port from outside (exactly one source, as flattening requires)
  const feeds = new Map<string, End>()
  for (const e of doc.edges) {
    if (e.target !== id) continue
    const p = e.targetPort ?? def.inputs[0]
    if (feeds.has(p))
      return {
        ok: false,
        message: `Cannot ungroup '${id}': its input port '${p}' has several connections; it needs exactly one.`,
      }
    feeds.set(p, { node: e.source, port: e.sourcePort })
  }
  // what produces each output port inside, in outer terms
  const produces = new Map<string, End | null>()
  for (const e of innerEdges) {
    if (!e.target.startsWith('@')) continue
    const p = e.target.slice(1)
    if (produces.has(p))
      return { ok: false, message: `Cannot ungroup '${id}': block output '${p}' has several producers.` }
    produces.set(
      p,
      e.source.startsWith('@')
        ? (feeds.get(e.source.slice(1)) ?? null)
        : { node: rename.get(e.source)!, port: e.sourcePort },
    )
  }

  const used = new Set(doc.edges.flatMap((e) => (e.id && e.source !== id && e.target !== id ? [e.id] : [])))
  const withEnds = (e: GraphEdge, s: End, t: End): GraphEdge =>
    dropUndefinedPorts({
      ...e,
      id: freshEdgeId(used, `${s.node}->${t.node}`),
      source: s.node,
      sourcePort: s.port,
      target: t.node,
      targetPort: t.port,
    })
  const added: GraphEdge[] = []
  for (const e of innerEdges) {
    if (e.target.startsWith('@')) continue
    const s = e.source.startsWith('@')
      ? feeds.get(e.source.slice(1))
      : { node: rename.get(e.source)!, port: e.sourcePort }
    if (s) added.push(withEnds(e, s, { node: rename.get(e.target)!, port: e.targetPort }))
  }
  const edges: GraphEdge[] = []
  let placed = false
  for (const e of doc.edges) {
    if (e.target === id) {
      // the inner wiring goes where the instance's inputs were, keeping the document readable
      if (!placed) edges.push(...added)
      placed = true
      continue
    }
    if (e.source !== id) {
      edges.push(e)
      continue
    }
    const s = produces.get(e.sourcePort ?? def.outputs[0])
    if (s) edges.push(withEnds(e, s, { node: e.target, port: e.targetPort }))
  }
  if (!placed) edges.push(...added)

  const nodes = doc.nodes.flatMap((n) =>
    n.id !== id
      ? [n]
      : inner.map((c) => ({
          ...c,
          id: rename.get(c.id)!,
          position: { x: origin.x + (c.position?.x ?? 0), y: origin.y + (c.position?.y ?? 0) },
        })),
  )
  return { ok: true, doc: { ...doc, nodes, edges }, ids: inner.map((n) => rename.get(n.id)!) }
}

/** Ungroups every block instance, level by level, until only plain layers remain. */
export function inlineAll(doc: GraphDoc): GraphDoc {
  let out = doc
  for (let guard = 0; guard < 10_000; guard++) {
    const inst = out.nodes.find((n) => n.type === 'Block')
    if (!inst) return out
    const r = ungroupBlock(out, inst.id)
    if (!r.ok) throw new Error(r.message)
    out = r.doc
  }
  throw new Error('inlineAll: the blocks nest too deeply')
}

/** Paths ("stage2", "stage2/res1", "dense1/conv/3") of every block instance, nested ones included. */
export function instancePaths(doc: GraphDoc): string[] {
  const out: string[] = []
  const walk = (nodes: GraphNode[], prefix: string, depth: number) => {
    for (const n of nodes) {
      if (n.type !== 'Block') continue
      const opened = innerLevel(doc, n, prefix + n.id)
      // an undefined or self-containing block is reported by analyze(); it just stays closed
      if (!opened.ok || depth > 16) continue
      out.push(prefix + n.id)
      walk(opened.level.nodes, `${prefix}${n.id}/`, depth + 1)
    }
  }
  walk(doc.nodes, '', 0)
  return out
}
