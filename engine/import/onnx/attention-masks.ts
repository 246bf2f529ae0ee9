/**
 * nn.MultiheadAttention given a mask (attn_mask, a causal mask, key_padding_mask) exports the mask
 * as a second input into the module's subgraph. The engine's MultiHeadAttention recogniser fuses
 * only the unmasked self-attention, and fusing a masked one would silently drop the mask, so such
 * a model is refused up front, in one line that says what to do instead.
 */
import type { OnnxGraph } from './read'
import type { ImportIssue } from './state'

const SCOPE = /^(.*\/self_attn\/)[^/]*$/

/** The first masked attention module of the graph (and how many there are), or null. */
export function maskedAttention(graph: OnnxGraph, order: OnnxGraph['nodes']): ImportIssue | null {
  const constant = new Set(graph.initializers.keys())
  const scopeOf = new Map<string, string>()
  for (const n of order) {
    // PyTorch shares equal weights between layers through Identity nodes
    if (n.op === 'Constant' || (n.op === 'Identity' && constant.has(n.inputs[0])))
      n.outputs.forEach((o) => constant.add(o))
    const scope = SCOPE.exec(n.name)?.[1]
    if (scope) n.outputs.forEach((o) => scopeOf.set(o, scope))
  }
  const masked: string[] = []
  // the module's own input: what its first node (the Transpose to time-major) reads
  const entry = new Map<string, string[]>()
  for (const n of order) {
    const scope = SCOPE.exec(n.name)?.[1]
    if (!scope || n.op === 'Constant' || masked.includes(scope)) continue
    const own = entry.get(scope)
    if (!own) {
      entry.set(scope, n.inputs)
      continue
    }
    const outside = n.inputs.some(
      (i) => i && !constant.has(i) && scopeOf.get(i) !== scope && !own.includes(i),
    )
    if (outside) masked.push(scope)
  }
  if (!masked.length) return null
  const name = masked[0].replace(/^\/|\/$/g, '')
  const more = masked.length > 1 ? ` (and ${masked.length - 1} more attention modules)` : ''
  return {
    op: 'MultiheadAttention',
    node: name,
    why: `it is given a mask (attn_mask, a causal mask or key_padding_mask)${more}; Deepwire imports only unmasked self-attention — export the model without the mask and set causal or padId on the imported MultiHeadAttention`,
  }
}
