/**
 * The two graph edits of fine-tuning, shared by the canvas and `deepwire finetune`: freeze every
 * node upstream of a chosen one, and resize the last Dense to a new task's classes. Both act on
 * the top-level document (a frozen block instance freezes everything inside it) and return a new
 * document, leaving the one given untouched.
 */
import { quote } from '../budget/untrusted'
import type { GraphDoc, GraphNode } from './schema'

/** Ids of the top-level nodes that feed `id`, directly or through others. */
export function upstreamOf(doc: Pick<GraphDoc, 'edges'>, id: string): Set<string> {
  const sources = new Map<string, string[]>()
  for (const e of doc.edges) sources.set(e.target, [...(sources.get(e.target) ?? []), e.source])
  const seen = new Set<string>()
  const todo = [...(sources.get(id) ?? [])]
  while (todo.length) {
    const n = todo.pop()!
    if (seen.has(n) || n === id) continue
    seen.add(n)
    todo.push(...(sources.get(n) ?? []))
  }
  return seen
}

/** Marks every node upstream of `id` not trainable (Inputs have nothing to freeze and stay as they are). */
export function freezeBefore<D extends Pick<GraphDoc, 'nodes' | 'edges'>>(
  doc: D,
  id: string,
): { doc: D; frozen: string[] } {
  if (!doc.nodes.some((n) => n.id === id)) throw new Error(`there is no node ${quote(id)} to freeze up to`)
  const up = upstreamOf(doc, id)
  const frozen: string[] = []
  const nodes = doc.nodes.map((n): GraphNode => {
    if (!up.has(n.id) || n.type === 'Input') return n
    frozen.push(n.id)
    return { ...n, trainable: false }
  })
  return { doc: { ...doc, nodes }, frozen }
}

/** Layers between the last Dense and the output that carry no weights (walked through backwards). */
const PASS_THROUGH = new Set(['Output', 'Softmax', 'Activation', 'Dropout', 'Identity', 'Flatten'])

/**
 * The Dense that produces the graph's output: the new head of a fine-tuned model. Throws a
 * sentence when the output does not come from a Dense through weightless layers only.
 */
export function headOf(doc: Pick<GraphDoc, 'nodes' | 'edges'>): GraphNode {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]))
  const consumers = new Set(doc.edges.map((e) => e.source))
  const outputs = doc.nodes.filter((n) => n.type === 'Output')
  const ends = outputs.length ? outputs : doc.nodes.filter((n) => !consumers.has(n.id) && n.type !== 'Input')
  if (ends.length !== 1)
    throw new Error(`the graph has ${ends.length} outputs; replacing the head needs exactly one`)
  let node = ends[0]
  for (;;) {
    if (node.type === 'Dense') return node
    if (!PASS_THROUGH.has(node.type))
      throw new Error(
        `the output comes from ${quote(node.id)} (${node.type}), not from a Dense layer: there is no head to resize`,
      )
    const from = doc.edges.filter((e) => e.target === node.id)
    if (from.length !== 1)
      throw new Error(`${quote(node.id)} has ${from.length} inputs; cannot find the head`)
    node = byId.get(from[0].source)!
  }
}

/**
 * Resizes the head to `units` outputs (its weights then start fresh: their shape changed) and
 * optionally sets its learning-rate multiplier; every other node keeps its weights.
 */
export function replaceHead<D extends Pick<GraphDoc, 'nodes' | 'edges'>>(
  doc: D,
  units: number,
  lrMultiplier?: number,
): { doc: D; head: string } {
  const head = headOf(doc)
  const nodes = doc.nodes.map((n): GraphNode =>
    n.id === head.id
      ? {
          ...n,
          params: { ...n.params, units },
          trainable: undefined,
          ...(lrMultiplier && lrMultiplier !== 1 ? { lrMultiplier } : {}),
        }
      : n,
  )
  return { doc: { ...doc, nodes }, head: head.id }
}
