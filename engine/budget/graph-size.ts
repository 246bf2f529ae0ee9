/**
 * The size of a graph after block expansion, computed arithmetically from the block definitions
 * and repeat counts before flatten() builds anything: nested and repeated blocks multiply, so a
 * 1 MB document can stand for billions of layers or connections. Each (block, parameters) pair
 * is sized once and reused, so the sizing itself costs about the document's own size.
 */
import type { BlockDef, GraphDoc, GraphEdge, GraphNode } from '../graph/schema'
import { quote, quoteList } from './untrusted'

/** Layers plus block instances one document may expand to. */
export const MAX_FLAT_NODES = 5_000
/** Connections after expansion (a real model has about one or two per layer). */
export const MAX_FLAT_EDGES = 20_000
/** Parameter entries after expansion: each instance copies its nodes' parameters. */
export const MAX_FLAT_PARAMS = 200_000
/** Blocks inside blocks, counted from the top level. */
export const MAX_BLOCK_DEPTH = 16
export const MAX_REPEAT = 64

export interface GraphSize {
  layers: number
  /** Block instances, repeated copies included. */
  instances: number
  connections: number
  paramEntries: number
  /** False when sizing stopped early: the figures are then lower bounds. */
  exact: boolean
  /** The top-level node whose expansion is largest: where to look first. */
  heaviest?: string
}

type Scope = Record<string, unknown>

/** A block by name, own properties only: 'constructor' or '__proto__' must not find Object's. */
export function blockDef(doc: Pick<GraphDoc, 'blocks'>, name: string | undefined): BlockDef | undefined {
  return name !== undefined && Object.hasOwn(doc.blocks, name) ? doc.blocks[name] : undefined
}

/** "known: 'a', 'b', 'c' and 997 more": the list of defined blocks, bounded. */
export function knownBlocks(doc: Pick<GraphDoc, 'blocks'>): string {
  const names = Object.keys(doc.blocks)
  return names.length ? quoteList(names) : 'none'
}

const undeclared = (name: string) =>
  `refers to block parameter ${quote(name)}, which the block does not declare`

/**
 * How many chained copies a block instance stands for, resolved in `scope` (null: as written);
 * an unusable value counts as 1 and is told to `report`.
 */
export function resolveRepeat(
  n: GraphNode,
  scope: Scope,
  report: (message: string) => void = () => {},
): number | null {
  if (n.repeat === undefined) return null
  let v: unknown = n.repeat
  if (typeof v === 'string') {
    const name = v.slice(1)
    if (!Object.hasOwn(scope, name)) {
      report(undeclared(name))
      return 1
    }
    v = scope[name]
  }
  if (typeof v === 'boolean') return v ? 1 : 0
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_REPEAT) {
    report(
      `repeat must be true, false or a whole number from 0 to ${MAX_REPEAT}, not ${quote(JSON.stringify(v) ?? String(v))}`,
    )
    return 1
  }
  return v
}

/**
 * An instance's parameters with "$name" references filled in from `scope`; a reference to
 * nothing is dropped and told to `report`. Keyed without a prototype: the names are the document's.
 */
export function substituteParams(
  params: GraphNode['params'],
  scope: Scope,
  report: (message: string, field: string) => void = () => {},
): Scope {
  const out = Object.create(null) as Scope
  for (const [k, v] of Object.entries(params ?? {})) {
    if (typeof v !== 'string' || !v.startsWith('$')) out[k] = v
    else if (Object.hasOwn(scope, v.slice(1))) out[k] = scope[v.slice(1)]
    else report(undeclared(v.slice(1)), k)
  }
  return out
}

/** Only numbers and booleans can become repeat counts, so only they tell two scopes apart. */
const scopeKey = (scope: Scope) =>
  Object.entries(scope)
    .map(([k, v]) => (typeof v === 'number' || typeof v === 'boolean' ? `${k}=${String(v)}` : k))
    .join('\u0000')

export function measureGraph(doc: GraphDoc): GraphSize {
  const memo = new Map<string, GraphSize>()
  let exact = true
  const zero = (): GraphSize => ({ layers: 0, instances: 0, connections: 0, paramEntries: 0, exact: true })
  const add = (a: GraphSize, b: GraphSize, times = 1) => {
    a.layers += b.layers * times
    a.instances += b.instances * times
    a.connections += b.connections * times
    a.paramEntries += b.paramEntries * times
  }

  const block = (name: string, def: BlockDef, scope: Scope, stack: string[]): GraphSize => {
    const key = `${stack.join('\u0001')}\u0002${name}\u0002${scopeKey(scope)}`
    const hit = memo.get(key)
    if (hit) return hit
    // each distinct entry is at least one instance flatten would build: past the budget, stop
    if (memo.size > MAX_FLAT_NODES) {
      exact = false
      return zero()
    }
    const s = level(def.nodes, def.edges, scope, [...stack, name])
    memo.set(key, s)
    return s
  }

  const level = (nodes: GraphNode[], edges: GraphEdge[], scope: Scope, stack: string[]): GraphSize => {
    const s = zero()
    s.connections = edges.length
    for (const n of nodes) measureNode(n, s, scope, stack)
    return s
  }

  const measureNode = (n: GraphNode, s: GraphSize, scope: Scope, stack: string[]) => {
    s.paramEntries += n.params ? Object.keys(n.params).length : 0
    if (n.type !== 'Block') {
      s.layers++
      return
    }
    s.instances++
    const def = blockDef(doc, n.block)
    if (!def || stack.includes(n.block!) || stack.length >= MAX_BLOCK_DEPTH) return
    const params = substituteParams(n.params, scope)
    const times = resolveRepeat(n, scope)
    if (times === null) {
      add(s, block(n.block!, def, { ...def.params, ...params }, stack))
      return
    }
    if (def.inputs.length !== 1 || def.outputs.length !== 1) return
    // flatten chains `times` copies, each an instance with the declared parameters; a value
    // still reading "$name" there refers to nothing and falls back to the block's default
    const known = Object.fromEntries(
      Object.entries(params).filter(
        ([k, v]) => Object.hasOwn(def.params, k) && !(typeof v === 'string' && v.startsWith('$')),
      ),
    )
    s.instances += times
    s.connections += times + 1
    s.paramEntries += times * Object.keys(known).length
    add(s, block(n.block!, def, { ...def.params, ...known }, stack), times)
  }

  // the top level node by node, to name the one whose expansion is largest
  const total = zero()
  total.connections = doc.edges.length
  let heaviest: string | undefined
  let most = -1
  for (const n of doc.nodes) {
    const one = zero()
    measureNode(n, one, {}, [])
    const weight = one.layers + one.instances + one.connections + one.paramEntries
    if (weight > most) [most, heaviest] = [weight, n.id]
    add(total, one)
  }
  return { ...total, exact, ...(heaviest === undefined ? {} : { heaviest }) }
}

/** A sentence when the expanded graph is over a limit, with the figures; null when it fits. */
export function graphSizeRefusal(s: GraphSize): string | null {
  const nodes = s.layers + s.instances
  if (
    s.exact &&
    nodes <= MAX_FLAT_NODES &&
    s.connections <= MAX_FLAT_EDGES &&
    s.paramEntries <= MAX_FLAT_PARAMS
  )
    return null
  const n = (x: number) => (s.exact ? '' : 'at least ') + x.toLocaleString('en')
  return (
    `the graph expands to ${n(s.layers)} layers in ${n(s.instances)} block instances, with ${n(s.connections)} connections ` +
    `and ${n(s.paramEntries)} parameter entries (limits: ${MAX_FLAT_NODES.toLocaleString('en')} layers and instances, ` +
    `${MAX_FLAT_EDGES.toLocaleString('en')} connections, ${MAX_FLAT_PARAMS.toLocaleString('en')} parameter entries): ` +
    `nested or repeated blocks multiply, so lower a repeat count or the blocks' contents`
  )
}
