/**
 * The ONNX graph's nodes in an order where every tensor is produced before it is read (files are
 * supposed to be sorted, but nothing forces it). Kahn's algorithm: linear, no recursion, and a
 * cycle or a tensor nobody produces is refused with one sentence naming a node that waits on it.
 */
import { append } from './append'
import type { OnnxGraph, OnnxNode } from './read'
import { OnnxReadError } from './wire-read'

export function topologicalOrder(g: OnnxGraph): OnnxNode[] {
  const ready = new Set<string>(['', ...g.initializers.keys(), ...g.inputs.map((i) => i.name)])
  const producer = new Map<string, number>()
  g.nodes.forEach((n, i) => {
    for (const o of n.outputs) {
      if (!o) continue
      if (producer.has(o) || ready.has(o))
        throw new OnnxReadError(
          `tensor '${o}' is produced twice (by node ${i + 1} '${n.name}' and before it)`,
        )
      producer.set(o, i)
    }
  })
  const waiting = g.nodes.map((n) => new Set(n.inputs.filter((x) => !ready.has(x))))
  const readers = new Map<string, number[]>()
  waiting.forEach((w, i) => w.forEach((x) => append(readers, x, i)))
  const queue = waiting.flatMap((w, i) => (w.size === 0 ? [i] : []))
  const order: OnnxNode[] = []
  for (let head = 0; head < queue.length; head++) {
    const i = queue[head]
    order.push(g.nodes[i])
    for (const o of g.nodes[i].outputs)
      for (const r of readers.get(o) ?? []) {
        waiting[r].delete(o)
        if (waiting[r].size === 0) queue.push(r)
      }
  }
  if (order.length < g.nodes.length) {
    const i = waiting.findIndex((w) => w.size > 0)
    const missing = [...waiting[i]][0]
    const why = producer.has(missing)
      ? 'the graph has a cycle through it'
      : 'no node, input or initializer produces it'
    throw new OnnxReadError(
      `node ${i + 1} '${g.nodes[i].name}' (${g.nodes[i].op}) reads '${missing}', but ${why}`,
    )
  }
  return order
}
