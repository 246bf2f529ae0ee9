/**
 * The module tree of the generated model, recovered from the flattened graph: the flat id
 * "stage1/res2/conv1" lives in block instance "stage1/res2". Working from the flattened graph,
 * not the document, keeps the generated model exactly the network the engine trains (repeats,
 * nesting, port wiring already resolved); the document only lends names — block names for
 * classes, port names for forward() arguments.
 */
import type { Analysis, NodeInfo } from '../../graph/analyze'
import type { BlockDef, GraphDoc } from '../../graph/schema'

export interface NodeItem {
  kind: 'node'
  key: string
  info: NodeInfo
}
export interface BlockItem {
  kind: 'block'
  key: string
  scope: Scope
}
export type Item = NodeItem | BlockItem

export interface Scope {
  /** Flat path of the block instance; '' for the whole model. */
  path: string
  /** The block definition's name, when the document tells. */
  block?: string
  /** Direct children in an order where every value exists before it is used. */
  items: Item[]
  /** Values made outside and used inside: the forward() arguments, with port names when known. */
  args: { id: string; port?: string }[]
  /** Values forward() returns, in port order. */
  returns: { id: string; port?: string }[]
  /** Chained copies of one repeated block, generated as nn.Sequential. */
  sequential: boolean
}

const inside = (id: string, path: string) => path === '' || id.startsWith(path + '/')

/** The block definition a flat instance path refers to (copies of a repeated block included). */
function blockAt(doc: GraphDoc, path: string): { name: string; def: BlockDef } | undefined {
  let nodes = doc.nodes
  let found: { name: string; def: BlockDef } | undefined
  let repeated = false
  for (const seg of path.split('/')) {
    // a repeated instance holds copies "1", "2" … of its block, each one instance of it
    if (repeated && found && /^\d+$/.test(seg) && !nodes.some((n) => n.id === seg)) {
      repeated = false
      continue
    }
    const n = nodes.find((x) => x.id === seg)
    const def = n?.type === 'Block' && n.block ? doc.blocks[n.block] : undefined
    if (!n || !def) return undefined
    found = { name: n.block!, def }
    repeated = n.repeat !== undefined
    nodes = def.nodes
  }
  return found
}

/** Which outside value enters through each input port, read off the block's own edges. */
function portOf(a: Analysis, path: string, def: BlockDef, id: string): string | undefined {
  for (const port of def.inputs)
    for (const e of def.edges) {
      if (e.source !== '@' + port || e.target.startsWith('@')) continue
      const k = def.edges.filter((x) => x.target === e.target).indexOf(e)
      if (a.flat.inputsOf.get(`${path}/${e.target}`)?.[k] === id) return port
    }
  return undefined
}

export function buildScopes(doc: GraphDoc, a: Analysis): Scope {
  const index = new Map(a.order.map((n, i) => [n.id, i]))

  function build(path: string): Scope {
    const prefix = path ? path + '/' : ''
    const members = a.order.filter((n) => inside(n.id, path))
    const keyOf = (id: string) => prefix + id.slice(prefix.length).split('/')[0]
    const groups = new Map<string, NodeInfo[]>()
    for (const n of members) groups.set(keyOf(n.id), [...(groups.get(keyOf(n.id)) ?? []), n])

    const items: Item[] = [...groups].map(([key, ns]) =>
      ns.length === 1 && ns[0].id === key
        ? { kind: 'node', key, info: ns[0] }
        : { kind: 'block', key, scope: build(key) },
    )
    const uses = (it: Item) => (it.kind === 'node' ? it.info.inputs : it.scope.args.map((x) => x.id))
    const first = (it: Item) =>
      it.kind === 'node'
        ? index.get(it.info.id)!
        : Math.min(...groups.get(it.key)!.map((n) => index.get(n.id)!))
    // ties go to the document's node order, the same in every instance of a block (the engine's
    // order depends on the surroundings), so equal blocks give equal code and share a class
    const block = path ? blockAt(doc, path) : undefined
    const level = path ? block?.def.nodes : doc.nodes
    const docIndex = (key: string) => {
      const local = key.slice(prefix.length)
      const i = level?.findIndex((n) => n.id === local) ?? -1
      return i >= 0 ? i : /^\d+$/.test(local) ? Number(local) : Infinity
    }
    const before = (p: Item, q: Item) => docIndex(p.key) - docIndex(q.key) || first(p) - first(q)

    // local topological order, depth-first so each branch reads as one run of lines: among the
    // ready items prefer one using the value just computed
    const deps = new Map(
      items.map((it) => [
        it.key,
        new Set(
          uses(it)
            .filter((s) => inside(s, path))
            .map(keyOf),
        ),
      ]),
    )
    const ordered: Item[] = []
    const pending = [...items]
    while (pending.length) {
      const ready = pending.filter((it) =>
        [...deps.get(it.key)!].every((d) => ordered.some((o) => o.key === d)),
      )
      if (!ready.length)
        throw new Error(
          `block instance '${path}' feeds its own input through '${pending[0].key}', so it cannot be one PyTorch sub-module call`,
        )
      const last = ordered.at(-1)?.key
      const follows = ready.filter((it) => last !== undefined && deps.get(it.key)!.has(last))
      const next = (follows.length ? follows : ready).reduce((p, q) => (before(q, p) < 0 ? q : p))
      ordered.push(next)
      pending.splice(pending.indexOf(next), 1)
    }

    const args: Scope['args'] = []
    for (const n of members)
      for (const s of n.inputs) if (!inside(s, path) && !args.some((x) => x.id === s)) args.push({ id: s })
    if (block && path) {
      for (const arg of args) arg.port = portOf(a, path, block.def, arg.id)
      const rank = (port?: string) => (port ? block.def.inputs.indexOf(port) : Infinity)
      args.sort((p, q) => rank(p.port) - rank(q.port))
    }
    const returns = path
      ? Object.entries(a.flat.blockOutputs.get(path) ?? {}).map(([port, id]) => ({ id, port }))
      : a.outputs.map((id) => ({ id }))

    const scope: Scope = { path, block: block?.name, items: ordered, args, returns, sequential: false }
    scope.sequential = path !== '' && isChain(scope, prefix)
    return scope
  }
  return build('')
}

/** Copies "1" … "k" of one block, each feeding the next: what `repeat` makes. */
function isChain(s: Scope, prefix: string): boolean {
  if (s.args.length !== 1 || s.returns.length !== 1 || !s.items.length) return false
  let value = s.args[0].id
  for (const [i, it] of s.items.entries()) {
    if (it.kind !== 'block' || it.key !== `${prefix}${i + 1}`) return false
    const c = it.scope
    if (c.args.length !== 1 || c.returns.length !== 1 || c.args[0].id !== value) return false
    value = c.returns[0].id
  }
  return value === s.returns[0].id
}
