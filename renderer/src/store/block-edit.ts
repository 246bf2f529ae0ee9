/**
 * Pure edits of a node seen inside an open block. The canvas shows such a node under its
 * flattened path ("stage3/res1/conv1"), but the document stores it once, in a block
 * definition, so every edit goes to that definition and changes every use of the block.
 */
import type { BlockDef, GraphDoc, GraphNode } from '../../../engine/graph/schema'
import { innerLevel } from './block-ops'

/** An inner node found from its path: the definition that holds it and what it resolves to. */
export interface InnerTarget {
  path: string
  /** Name of the block definition whose node this is. */
  block: string
  /** The node's id inside that definition (the path's last part). */
  nodeId: string
  /** The definition's node as written, "$param" references included. */
  node: GraphNode
  /** The node as this instance sees it, references filled in. */
  resolved: GraphNode
}

export type Resolved = { ok: true; target: InnerTarget } | { ok: false; message: string }
export type EditResult = { ok: true; doc: GraphDoc } | { ok: false; message: string }

/** The block parameter a node's value is bound to ("$channels" → "channels"), else null. */
export function boundTo(value: unknown): string | null {
  return typeof value === 'string' && value.startsWith('$') ? value.slice(1) : null
}

/** Follows a flattened path down through the open instances to the definition node it names. */
export function resolveInner(doc: GraphDoc, path: string): Resolved {
  const parts = path.split('/')
  if (parts.length < 2) return { ok: false, message: `'${path}' is not inside a block.` }
  let current = doc.nodes.find((n) => n.id === parts[0])
  if (!current) return { ok: false, message: `There is no node '${parts[0]}' at the top level of the graph.` }
  let prefix = parts[0]
  for (let i = 1; i < parts.length; i++) {
    if (current.type !== 'Block')
      return {
        ok: false,
        message: `'${prefix}' is a ${current.type} layer, not a block; it has no node '${parts[i]}'.`,
      }
    const opened = innerLevel(doc, current, prefix)
    if (!opened.ok) return { ok: false, message: opened.message }
    const { level } = opened
    const child = level.nodes.find((n) => n.id === parts[i])
    if (!child) return { ok: false, message: `Block instance '${prefix}' has no node '${parts[i]}'.` }
    const last = i === parts.length - 1
    if (last) {
      if (level.times !== null)
        return {
          ok: false,
          message: `'${path}' is copy ${parts[i]} of the repeated block '${prefix}'; edit the block instance or open the copy.`,
        }
      const block = current.block!
      const node = level.def.nodes.find((n) => n.id === parts[i])!
      return { ok: true, target: { path, block, nodeId: parts[i], node, resolved: child } }
    }
    current = child
    prefix = `${prefix}/${parts[i]}`
  }
  return { ok: false, message: `'${path}' is not inside a block.` }
}

/**
 * How many times block `name` occurs in the flattened model: every instance at every level,
 * a repeated instance counting as its copies (a repeat of 0 as none).
 */
export function blockUses(doc: GraphDoc, name: string): number {
  let count = 0
  const walk = (nodes: GraphNode[], prefix: string, depth: number) => {
    for (const n of nodes) {
      if (n.type !== 'Block' || depth > 16) continue
      const opened = innerLevel(doc, n, prefix + n.id)
      if (!opened.ok) continue
      if (opened.level.times === null && n.block === name) count++
      walk(opened.level.nodes, `${prefix}${n.id}/`, depth + 1)
    }
  }
  walk(doc.nodes, '', 0)
  return count
}

function editDefinition(doc: GraphDoc, block: string, edit: (def: BlockDef) => BlockDef): GraphDoc {
  return { ...doc, blocks: { ...doc.blocks, [block]: edit(doc.blocks[block]) } }
}

function editInnerNode(doc: GraphDoc, t: InnerTarget, edit: (n: GraphNode) => GraphNode): GraphDoc {
  return editDefinition(doc, t.block, (def) => ({
    ...def,
    nodes: def.nodes.map((n) => (n.id === t.nodeId ? edit(n) : n)),
  }))
}

/**
 * Sets parameter `name` of the inner node at `path` in its block definition. A parameter
 * bound to a block parameter is refused: its value comes from each instance.
 */
export function setInnerParam(doc: GraphDoc, path: string, name: string, value: unknown): EditResult {
  const r = resolveInner(doc, path)
  if (!r.ok) return r
  const t = r.target
  const bound = boundTo(t.node.params?.[name])
  if (bound)
    return {
      ok: false,
      message: `'${name}' of '${t.nodeId}' is set by block '${t.block}''s parameter '${bound}'; change it on the block instance.`,
    }
  return {
    ok: true,
    doc: editInnerNode(doc, t, (n) => ({ ...n, params: { ...(n.params ?? {}), [name]: value } })),
  }
}

/** Changes fields other than id and params (trainable, init…) of the inner node at `path`. */
export function updateInnerNode(
  doc: GraphDoc,
  path: string,
  patch: Partial<Omit<GraphNode, 'id' | 'params'>>,
): EditResult {
  const r = resolveInner(doc, path)
  if (!r.ok) return r
  return { ok: true, doc: editInnerNode(doc, r.target, (n) => ({ ...n, ...patch })) }
}

const INNER_ID = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,199}$/

/**
 * Renames the inner node at `path` inside its block definition, rewiring the definition's
 * edges; returns the node's new path too (the same instance, the new last part).
 */
export function renameInner(
  doc: GraphDoc,
  path: string,
  next: string,
): { ok: true; doc: GraphDoc; path: string } | { ok: false; message: string } {
  const r = resolveInner(doc, path)
  if (!r.ok) return r
  const t = r.target
  const newPath = path.slice(0, path.length - t.nodeId.length) + next
  if (next === t.nodeId) return { ok: true, doc, path }
  if (!INNER_ID.test(next))
    return {
      ok: false,
      message: `The name '${next}' must use only letters, digits, '_', '.' or '-' (no '/' or '@'), at most 200.`,
    }
  if (doc.blocks[t.block].nodes.some((n) => n.id === next))
    return { ok: false, message: `Block '${t.block}' already has a node named '${next}'.` }
  const swap = (x: string) => (x === t.nodeId ? next : x)
  const renamed = editDefinition(doc, t.block, (def) => ({
    ...def,
    nodes: def.nodes.map((n) => (n.id === t.nodeId ? { ...n, id: next } : n)),
    edges: def.edges.map((e) => ({ ...e, source: swap(e.source), target: swap(e.target) })),
  }))
  return { ok: true, doc: renamed, path: newPath }
}
