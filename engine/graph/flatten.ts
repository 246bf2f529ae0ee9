/**
 * Block flattening: a node of type 'Block' is replaced by a copy of its block's sub-graph,
 * with ids prefixed by the instance path ("res1/conv1") and "$param" references filled in.
 * Block ports become pass-through markers that are resolved away at the end, so the result
 * is a plain DAG of registry layers the compiler and the shape inference walk in order.
 */
import {
  blockDef,
  graphSizeRefusal,
  knownBlocks,
  MAX_BLOCK_DEPTH,
  MAX_FLAT_NODES,
  measureGraph,
  resolveRepeat,
  substituteParams,
} from '../budget/graph-size'
import { quote } from '../budget/untrusted'
import { err, type GraphIssue } from './issues'
import type { GraphDoc, GraphEdge, GraphNode } from './schema'

export interface FlatNode {
  id: string
  type: string
  params: Record<string, unknown>
  trainable: boolean
  init?: GraphNode['init']
  weightDecay?: number
  /** Multiplies the run's learning rate for this node's weights (1 when absent). */
  lrMultiplier?: number
}

export interface FlatGraph {
  nodes: FlatNode[]
  /** Ordered sources of each node's inputs (edge order in the document decides merge order). */
  inputsOf: Map<string, string[]>
  /** For each block instance (by flat id), the flat node producing each output port. */
  blockOutputs: Map<string, Record<string, string>>
}

/**
 * Issues one flatten reports at most: each instance of a mistake repeats it, and thousands of
 * copies of one sentence tell the user no more than the first few.
 */
export const MAX_ISSUES = 200
const PORT_IN = '@in:'
const PORT_OUT = '@out:'

type Scope = Record<string, unknown>
/** Where issues go: an array, or flatten's bounded list. */
type IssueSink = { push(i: GraphIssue): unknown }

export function substitute(
  params: Record<string, unknown> | undefined,
  scope: Scope,
  where: string,
  issues: IssueSink,
) {
  return substituteParams(params, scope, (message, field) =>
    issues.push(err(message, { nodeId: where, field })),
  )
}

/** How many chained copies a block instance stands for (null: as written); 1 when unusable. */
export function repeatCount(n: GraphNode, scope: Scope, where: string, issues: IssueSink): number | null {
  return resolveRepeat(n, scope, (message) => issues.push(err(message, { nodeId: where, field: 'repeat' })))
}

/**
 * Expands the document's blocks. `refused` when the expansion would be over the size limits:
 * then nothing was built and the one issue gives the figures.
 */
export function flatten(doc: GraphDoc): { graph: FlatGraph; issues: GraphIssue[]; refused?: true } {
  const nodes: FlatNode[] = []
  const edges: { source: string; target: string }[] = []
  const pseudo = new Set<string>()
  const blockOutputs = new Map<string, Record<string, string>>()
  const size = measureGraph(doc)
  const tooBig = graphSizeRefusal(size)
  if (tooBig)
    return {
      graph: { nodes, inputsOf: new Map(), blockOutputs },
      issues: [err(tooBig, size.heaviest === undefined ? {} : { nodeId: size.heaviest })],
      refused: true,
    }
  const found: GraphIssue[] = []
  let dropped = 0
  // a bounded list that still counts what it leaves out
  const issues = {
    push: (i: GraphIssue) => (found.length < MAX_ISSUES ? found.push(i) : dropped++),
  }
  const blockDefOf = (name: string | undefined) => blockDef(doc, name)
  let expanded = 0
  let overBudget = false

  function level(
    levelNodes: GraphNode[],
    levelEdges: GraphEdge[],
    prefix: string,
    scope: Scope,
    stack: string[],
    inherited: { trainable: boolean; init?: GraphNode['init']; lrMultiplier?: number },
  ) {
    const byId = new Map<string, GraphNode>()
    for (const n of levelNodes) {
      const fid = prefix + n.id
      // measureGraph counted these same nodes and refused above; this stays as the last guard
      // should the estimate and the expansion ever part
      if (++expanded > MAX_FLAT_NODES) {
        if (!overBudget)
          issues.push(
            err(
              `the graph expands to more than ${MAX_FLAT_NODES.toLocaleString('en')} layers (nested or repeated blocks multiply)`,
              { nodeId: prefix ? prefix.split('/')[0] : fid },
            ),
          )
        overBudget = true
        return
      }
      if (byId.has(n.id))
        issues.push(err(`the id ${quote(n.id)} is used by more than one node`, { nodeId: fid }))
      if (n.id.includes('/') || n.id.startsWith('@'))
        issues.push(err(`node ids may not contain '/' or start with '@'`, { nodeId: fid, field: 'id' }))
      byId.set(n.id, n)
      const params = substitute(n.params, scope, fid, issues)
      const trainable = inherited.trainable && n.trainable !== false
      const init = n.init ?? inherited.init
      const lrMultiplier = n.lrMultiplier ?? inherited.lrMultiplier
      if (n.type !== 'Block') {
        if (n.repeat !== undefined)
          issues.push(err(`repeat only applies to block instances`, { nodeId: fid, field: 'repeat' }))
        nodes.push({
          id: fid,
          type: n.type,
          params,
          trainable,
          init,
          weightDecay: n.weightDecay,
          lrMultiplier,
        })
        continue
      }
      const def = blockDefOf(n.block)
      if (!def) {
        issues.push(
          err(`uses block ${quote(n.block ?? '')}, which is not defined (known: ${knownBlocks(doc)})`, {
            nodeId: fid,
            field: 'block',
          }),
        )
        continue
      }
      const path = (names: string[]) => names.map((b) => quote(b, 40)).join(' → ')
      if (stack.includes(n.block!)) {
        issues.push(
          err(`block ${quote(n.block!)} contains itself (${path([...stack, n.block!])})`, { nodeId: fid }),
        )
        continue
      }
      if (stack.length >= MAX_BLOCK_DEPTH) {
        issues.push(
          err(
            `blocks are nested more than ${MAX_BLOCK_DEPTH} deep here (${path([...stack, n.block!])}); Deepwire expands at most ${MAX_BLOCK_DEPTH} levels of blocks inside blocks`,
            { nodeId: fid },
          ),
        )
        continue
      }
      for (const k of Object.keys(params))
        if (!Object.hasOwn(def.params, k))
          issues.push(err(`block ${quote(n.block!)} has no parameter ${quote(k)}`, { nodeId: fid, field: k }))
      for (const p of def.inputs) pseudo.add(`${fid}/${PORT_IN}${p}`)
      // port names are the document's: no inherited '__proto__' setter or 'toString'
      const outs = Object.create(null) as Record<string, string>
      for (const p of def.outputs) pseudo.add((outs[p] = `${fid}/${PORT_OUT}${p}`))
      blockOutputs.set(fid, outs)
      const times = repeatCount(n, scope, fid, issues)
      // numbered copies even for a count of 1, so "b/1/…" keeps its id when the count changes
      if (times !== null) {
        if (def.inputs.length !== 1 || def.outputs.length !== 1) {
          issues.push(
            err(`block ${quote(n.block!)} has several input or output ports, so it cannot be repeated`, {
              nodeId: fid,
              field: 'repeat',
            }),
          )
          continue
        }
        // the copies are ordinary instances ("vgg3/1", "vgg3/2" …) chained inside a one-off level
        // whose ports are this instance's ports; with no copies, @in feeds @out directly
        const known = Object.fromEntries(Object.entries(params).filter(([k]) => Object.hasOwn(def.params, k)))
        const copies = Array.from({ length: times }, (_, i) => ({
          id: String(i + 1),
          type: 'Block',
          block: n.block,
          params: known,
        }))
        const ids = ['@' + def.inputs[0], ...copies.map((c) => c.id), '@' + def.outputs[0]]
        const chain = ids.slice(1).map((target, i) => ({ source: ids[i], target }))
        level(copies, chain, fid + '/', {}, stack, { trainable, init, lrMultiplier })
        continue
      }
      level(def.nodes, def.edges, fid + '/', { ...def.params, ...params }, [...stack, n.block!], {
        trainable,
        init,
        lrMultiplier,
      })
    }

    const endpoint = (ref: string, port: string | undefined, dir: 'in' | 'out', edgeId: string) => {
      if (ref.startsWith('@')) {
        if (!prefix) {
          issues.push(err(`${quote(ref)} (a block port) is only allowed inside a block`, { edgeId }))
          return null
        }
        return `${prefix}${dir === 'out' ? PORT_IN : PORT_OUT}${ref.slice(1)}`
      }
      const n = byId.get(ref)
      if (!n) {
        issues.push(err(`connects to ${quote(ref)}, which is not a node of this graph`, { edgeId }))
        return null
      }
      const def = n.type === 'Block' ? blockDefOf(n.block) : undefined
      if (!def) return prefix + ref
      const ports = dir === 'out' ? def.outputs : def.inputs
      const p = port ?? ports[0]
      if (!ports.includes(p)) {
        issues.push(
          err(`block ${quote(n.block!)} has no ${dir === 'out' ? 'output' : 'input'} port ${quote(p)}`, {
            edgeId,
          }),
        )
        return null
      }
      return `${prefix}${ref}/${dir === 'out' ? PORT_OUT : PORT_IN}${p}`
    }
    levelEdges.forEach((e, i) => {
      const edgeId = prefix + (e.id ?? `${e.source}->${e.target}#${i}`)
      const s = endpoint(e.source, e.sourcePort, 'out', edgeId)
      const t = endpoint(e.target, e.targetPort, 'in', edgeId)
      if (s && t) edges.push({ source: s, target: t })
    })
  }

  level(doc.nodes, doc.edges, '', {}, [], { trainable: true })

  const raw = new Map<string, string[]>()
  for (const e of edges) {
    const list = raw.get(e.target)
    if (list) list.push(e.source)
    else raw.set(e.target, [e.source])
  }
  const broken = new Set<string>()
  // follow pass-through port markers to the real producing node; a port wired to zero or
  // several sources is reported once, on the block instance that owns it
  const resolve = (id: string): string | null => {
    for (let hops = 0; pseudo.has(id); hops++) {
      const src = raw.get(id) ?? []
      if (src.length !== 1 || hops > pseudo.size) {
        if (!broken.has(id)) {
          broken.add(id)
          const [owner, port] = id.split(/\/@(?:in|out):(?=[^/]*$)/)
          issues.push(
            err(`block port ${quote(port)} has ${src.length} connections; it needs exactly one`, {
              nodeId: owner,
            }),
          )
        }
        return null
      }
      id = src[0]
    }
    return id
  }
  const inputsOf = new Map<string, string[]>()
  for (const n of nodes)
    inputsOf.set(
      n.id,
      (raw.get(n.id) ?? []).map(resolve).filter((s): s is string => s !== null),
    )
  for (const outs of blockOutputs.values())
    for (const [p, id] of Object.entries(outs)) {
      const r = resolve(id)
      if (r) outs[p] = r
      else delete outs[p]
    }
  if (dropped) found.push(err(`… and ${dropped.toLocaleString('en')} more problems like these`))
  return { graph: { nodes, inputsOf, blockOutputs }, issues: found }
}
