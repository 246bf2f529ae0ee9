/**
 * The imported nodes regrouped as the model's modules. ONNX node names carry the module path
 * (PyTorch's '/layer1/layer1.0/conv1/Conv', the engine exporter's 'stage2/1/res1/conv1/Conv'), so
 * every module that holds several nodes becomes a block instance of its own block definition,
 * nested as the modules are, and a node that is a whole module is named after it ('conv1').
 * Top-level layers before the first block form a 'stem' block; those after the last stay at the
 * top level, where fine-tuning finds the head to replace. Modules that do not form a clean
 * sub-graph (a path leaves and re-enters them) are not grouped. The result is checked by expanding
 * it again: it must give back exactly the flat graph, else the flat graph is kept.
 */
import { MAX_BLOCK_DEPTH } from '../../budget/graph-size'
import { flatten } from '../../graph/flatten'
import {
  MAX_BLOCKS,
  type BlockDef,
  type GraphDoc,
  type GraphDocInput,
  type GraphEdge,
  type GraphNode,
} from '../../graph/schema'
import { append } from './append'
import type { ImportState } from './state'

const ROW = 110
const COLUMN = 220

interface Module {
  /** Name relative to its parent ('0', 'conv1'). */
  name: string
  /** The dotted module path, for the block's name and label. */
  path: string
  nodes: string[]
  children: Module[]
  /** Position of its first node in the graph's order: how siblings are ordered. */
  first: number
}

export interface Grouped {
  nodes: GraphNode[]
  edges: GraphEdge[]
  blocks: Record<string, BlockDef>
  /** Old (flat import) id → the id once expanded ('layer1/0/conv1'). */
  renamed: Map<string, string>
}

const STAMP = /[^\p{L}\p{N}_.\-:]/gu
const clean = (s: string) => s.replace(STAMP, '_').replace(/^@/, '_').slice(0, 80) || '_'

/**
 * PyTorch's scope names as names relative to their parent: the scopes of
 * '/layer1/layer1.0/conv1/Conv', ['layer1', 'layer1.0', 'conv1'], are ['layer1', '0', 'conv1'].
 */
export function modulePath(parts: string[]): string[] {
  const out: string[] = []
  let prev = ''
  for (const p of parts) {
    out.push(prev && p.startsWith(`${prev}.`) ? p.slice(prev.length + 1) : p)
    prev = p
  }
  return out.map(clean)
}

/** The operator part of a node name, as a node id inside its module: 'Add_1' → 'add_1'. */
/**
 * How a file's node names read. PyTorch's: the module path, then the operator ('Add_1', named as a
 * node 'add_1'). The engine's own: the block instance path, the graph node's id, then the
 * operator, so a node keeps the id it had (a Dense with an activation comes back as 'fc' and 'fc_2').
 */
export interface Naming {
  path(parts: string[]): string[]
  own(parts: string[], fallback: string): string
  /** Whether top-level layers before the first block are gathered into a stem. */
  stem: boolean
  /**
   * Whether a module of one layer is that layer, and a module holding one module is merged with
   * it; the engine's own blocks come back as they were instead.
   */
  collapse: boolean
  /** Whether top-level nodes take `own` names (else they keep the importer's ids). */
  renameTop: boolean
}

export const PYTORCH_NAMING: Naming = {
  path: (parts) => modulePath(parts.slice(0, -1)),
  own: (parts, fallback) => clean((parts.at(-1) ?? fallback).toLowerCase()),
  stem: true,
  collapse: true,
  renameTop: false,
}

export const DEEPWIRE_NAMING: Naming = {
  path: (parts) => parts.slice(0, -2).map(clean),
  own: (parts, fallback) => clean(parts.at(-2) ?? parts[0] ?? fallback),
  stem: false,
  collapse: false,
  renameTop: true,
}

function unique(taken: Set<string>, base: string): string {
  let id = base
  for (let i = 2; taken.has(id); i++) id = `${base}_${i}`
  taken.add(id)
  return id
}

/** Lays one level out top to bottom by depth, siblings side by side; port edges start at depth 0. */
function place(nodes: GraphNode[], edges: GraphEdge[]): void {
  const inputsOf = new Map<string, string[]>()
  for (const e of edges) if (!e.source.startsWith('@')) append(inputsOf, e.target, e.source)
  const depth = new Map<string, number>()
  const perRow = new Map<number, number>()
  // nodes come in the graph's order, so every input's depth is known first
  for (const n of nodes) {
    const d = (inputsOf.get(n.id) ?? []).reduce((m, i) => Math.max(m, depth.get(i) ?? 0), -1) + 1
    depth.set(n.id, d)
    const col = perRow.get(d) ?? 0
    perRow.set(d, col + 1)
    n.position = { x: col * COLUMN, y: d * ROW }
  }
}

/** The modules, as a tree in graph order, from the node names the importer recorded. */
function moduleTree(st: ImportState, naming: Naming): Module {
  const root: Module = { name: '', path: '', nodes: [], children: [], first: -1 }
  st.nodes.forEach((n, i) => {
    const parts = st.names.get(n.id) ?? []
    // the expander nests at most MAX_BLOCK_DEPTH blocks; deeper modules stay in their ancestor
    const path =
      n.type === 'Input' || n.type === 'Output' ? [] : naming.path(parts).slice(0, MAX_BLOCK_DEPTH - 1)
    let m = root
    for (const name of path) {
      let c = m.children.find((x) => x.name === name)
      if (!c) {
        c = { name, path: m.path ? `${m.path}.${name}` : name, nodes: [], children: [], first: i }
        m.children.push(c)
      }
      m = c
    }
    m.nodes.push(n.id)
  })
  return root
}

const members = (m: Module): string[] => [...m.nodes, ...m.children.flatMap(members)]

/**
 * True when `inside` is a clean sub-graph: it reads something from outside, something outside
 * reads it, and no path leaves it and comes back in.
 */
function separable(inside: Set<string>, next: Map<string, string[]>, prev: Map<string, string[]>): boolean {
  const ids = [...inside]
  if (!ids.some((id) => (prev.get(id) ?? []).some((s) => !inside.has(s)))) return false
  const leaving = ids.flatMap((id) => (next.get(id) ?? []).filter((t) => !inside.has(t)))
  if (!leaving.length) return false
  const seen = new Set<string>()
  const todo = [...leaving]
  while (todo.length) {
    const id = todo.pop()!
    if (inside.has(id)) return false
    if (seen.has(id)) continue
    seen.add(id)
    todo.push(...(next.get(id) ?? []))
  }
  return true
}

/**
 * Simplifies the tree: a module of one node is that node; a module holding only one module is
 * merged with it ('encoder' + 'layers' → 'encoder.layers'); modules that are not clean
 * sub-graphs dissolve into their parent.
 */
function simplify(m: Module, collapse: boolean, keep: (inside: Set<string>) => boolean): void {
  for (const c of m.children) simplify(c, collapse, keep)
  const kids: Module[] = []
  for (const c of m.children) {
    if (collapse && c.nodes.length === 0 && c.children.length === 1) {
      const only = c.children[0]
      // a lone layer is named after the outer module ('downsample', not 'downsample.0')
      const leaf = only.nodes.length + only.children.length === 1
      kids.push({ ...only, name: leaf ? c.name : `${c.name}.${only.name}` })
    } else if ((collapse && c.nodes.length + c.children.length <= 1) || keep(new Set(members(c))))
      kids.push(c)
    else {
      // its contents join this module
      m.nodes.push(...c.nodes)
      kids.push(...c.children)
    }
  }
  m.children = kids.sort((a, b) => a.first - b.first)
}

export function groupModules(st: ImportState, naming: Naming): Grouped | null {
  const next = new Map<string, string[]>()
  const prev = new Map<string, string[]>()
  for (const e of st.edges) {
    append(next, e.source, e.target)
    append(prev, e.target, e.source)
  }
  const order = new Map(st.nodes.map((n, i) => [n.id, i]))
  const root = moduleTree(st, naming)
  simplify(root, naming.collapse, (inside) => separable(inside, next, prev))
  const isBlock = (m: Module) => m.nodes.length + m.children.length > (naming.collapse ? 1 : 0)

  // the layers before the first top-level block are its stem
  const blocks = root.children.filter(isBlock)
  if (!blocks.length) return null
  const firstBlock = Math.min(...blocks.map((b) => Math.min(...members(b).map((id) => order.get(id)!))))
  const byId = new Map(st.nodes.map((n) => [n.id, n]))
  const lead = root.nodes.filter((id) => order.get(id)! < firstBlock && byId.get(id)!.type !== 'Input')
  const leadSingles = root.children.filter((c) => !isBlock(c) && c.first < firstBlock)
  const stemIds = [...lead, ...leadSingles.flatMap(members)]
  if (naming.stem && stemIds.length > 1) {
    const inside = new Set(stemIds)
    // the stem is every node in a run of the graph's order, so nothing leaves it and comes back
    if (separable(inside, next, prev)) {
      const stem: Module = {
        name: 'stem',
        path: 'stem',
        nodes: lead,
        children: leadSingles,
        first: Math.min(...stemIds.map((id) => order.get(id)!)),
      }
      root.nodes = root.nodes.filter((id) => !inside.has(id))
      root.children = [stem, ...root.children.filter((c) => !leadSingles.includes(c))]
    }
  }

  // where each node ends up: the chain of block instances above it, and its id in its level
  const place_ = new Map<string, { chain: Level[]; id: string }>()
  interface Level {
    id: string
    def: string
    block: BlockDef
    parent: Level | null
    ins: Map<string, string>
    outs: Map<string, string>
    edgeKeys: Set<string>
  }
  const defs: Record<string, BlockDef> = Object.create(null) as Record<string, BlockDef>
  const top = { nodes: [] as GraphNode[], edges: [] as GraphEdge[], keys: new Set<string>() }
  let blockCount = 0
  const defNames = new Set<string>()

  function build(m: Module, parent: Level | null, chain: Level[], into: GraphNode[]): void {
    const taken = new Set<string>()
    const items = [
      ...m.nodes.map((id) => ({ at: order.get(id)!, id })),
      ...m.children.map((c) => ({ at: c.first, c })),
    ]
    items.sort((a, b) => a.at - b.at)
    type Item = (typeof items)[number]
    const layerOf = (item: Item) => ('id' in item ? item.id : isBlock(item.c) ? null : members(item.c)[0])
    const wanted = (item: Item) => {
      if (!('id' in item)) return clean(item.c.name)
      const type = byId.get(item.id)!.type
      if ((!parent && !naming.renameTop) || type === 'Input' || type === 'Output') return item.id
      return naming.own(st.names.get(item.id) ?? [], type)
    }
    // layers with weights pick first: of a layer exported as several operators, the one holding
    // the weights keeps the layer's name
    const names = new Map<Item, string>()
    const weighted = (item: Item) => st.weights.has(layerOf(item) ?? '')
    for (const item of [...items.filter(weighted), ...items.filter((i) => !weighted(i))])
      names.set(item, unique(taken, wanted(item)))
    for (const item of items) {
      const id = names.get(item)!
      const layer = layerOf(item)
      if (layer !== null) {
        into.push({ ...byId.get(layer)!, id })
        place_.set(layer, { chain, id })
        continue
      }
      const c = (item as { c: Module }).c
      blockCount++
      const def = unique(defNames, clean(c.path).slice(0, 100))
      const block: BlockDef = { inputs: [], outputs: [], params: {}, nodes: [], edges: [] }
      defs[def] = block
      const level: Level = { id, def, block, parent, ins: new Map(), outs: new Map(), edgeKeys: new Set() }
      into.push({ id, type: 'Block', block: def, label: c.path })
      build(c, level, [...chain, level], block.nodes)
    }
  }
  build(root, null, [], top.nodes)
  if (blockCount > MAX_BLOCKS) return null

  const edgesOf = (l: Level | null) => (l ? l.block.edges : top.edges)
  const keysOf = (l: Level | null) => (l ? l.edgeKeys : top.keys)
  const port = (l: Level, dir: 'ins' | 'outs', source: string) => {
    const ports = l[dir]
    let p = ports.get(source)
    if (!p) {
      const base = dir === 'ins' ? 'in' : 'out'
      p = ports.size ? `${base}${ports.size + 1}` : base
      ports.set(source, p)
      ;(dir === 'ins' ? l.block.inputs : l.block.outputs).push(p)
    }
    return p
  }
  /** An edge into a level; edges into block ports are made once (a port takes one connection). */
  const add = (l: Level | null, e: GraphEdge, once: boolean) => {
    const key = `${e.source}\u0000${e.sourcePort ?? ''}\u0000${e.target}\u0000${e.targetPort ?? ''}`
    if (once && keysOf(l).has(key)) return
    keysOf(l).add(key)
    edgesOf(l).push(e)
  }
  for (const e of st.edges) {
    const s = place_.get(e.source)!
    const t = place_.get(e.target)!
    let common = 0
    while (common < s.chain.length && common < t.chain.length && s.chain[common] === t.chain[common]) common++
    // up from the source: each block it sits in passes it out through a port
    let from: { id: string; port?: string } = { id: s.id }
    for (let i = s.chain.length - 1; i >= common; i--) {
      const l = s.chain[i]
      const p = port(l, 'outs', e.source)
      add(l, { source: from.id, ...(from.port ? { sourcePort: from.port } : {}), target: `@${p}` }, true)
      from = { id: l.id, port: p }
    }
    // down to the target: each block it sits in takes it in through a port
    let level: Level | null = common ? s.chain[common - 1] : null
    for (let i = common; i < t.chain.length; i++) {
      const l = t.chain[i]
      const p = port(l, 'ins', e.source)
      const edge = {
        source: from.id,
        ...(from.port ? { sourcePort: from.port } : {}),
        target: l.id,
        targetPort: p,
      }
      add(level, edge, true)
      from = { id: `@${p}` }
      level = l
    }
    add(level, { source: from.id, ...(from.port ? { sourcePort: from.port } : {}), target: t.id }, false)
  }
  // a port that is the block's first needs no name on the edge
  const tidy = (edges: GraphEdge[], nodes: GraphNode[]) => {
    const kinds = new Map(nodes.map((n) => [n.id, n.block ? defs[n.block] : undefined]))
    for (const e of edges) {
      const sd = kinds.get(e.source)
      const td = kinds.get(e.target)
      if (sd && e.sourcePort === sd.outputs[0]) delete e.sourcePort
      if (td && e.targetPort === td.inputs[0]) delete e.targetPort
    }
    place(nodes, edges)
  }
  tidy(top.edges, top.nodes)
  for (const b of Object.values(defs)) tidy(b.edges, b.nodes)

  const renamed = new Map<string, string>()
  for (const [old, where] of place_) renamed.set(old, [...where.chain.map((l) => l.id), where.id].join('/'))
  return { nodes: top.nodes, edges: top.edges, blocks: defs, renamed }
}

/** True when expanding `g` gives back the import's flat graph, edges in the same order. */
export function expandsBack(st: ImportState, g: Grouped): boolean {
  const doc = { nodes: g.nodes, edges: g.edges, blocks: g.blocks } as unknown as GraphDoc
  const { graph, issues } = flatten(doc)
  if (issues.length || graph.nodes.length !== st.nodes.length) return false
  const want = new Map<string, string[]>()
  for (const e of st.edges) append(want, g.renamed.get(e.target)!, g.renamed.get(e.source)!)
  return graph.nodes.every(
    (n) => (graph.inputsOf.get(n.id) ?? []).join('\n') === (want.get(n.id) ?? []).join('\n'),
  )
}

/** The graph document's nodes, edges and blocks: grouped by module where that works, else flat. */
export function structure(
  st: ImportState,
  naming: Naming,
): Pick<GraphDocInput, 'nodes' | 'edges' | 'blocks'> {
  const g = groupModules(st, naming)
  if (!g || !expandsBack(st, g)) return { nodes: st.nodes, edges: st.edges }
  // the weights follow their nodes to the expanded ids
  const weights = [...st.weights]
  st.weights.clear()
  for (const [id, w] of weights) st.weights.set(g.renamed.get(id) ?? id, w)
  return { nodes: g.nodes, edges: g.edges, blocks: g.blocks }
}
