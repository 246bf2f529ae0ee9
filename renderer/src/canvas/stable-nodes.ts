import type { Node } from '@xyflow/react'

const sameData = (a: Record<string, unknown>, b: Record<string, unknown>) => {
  const ka = Object.keys(a)
  if (ka.length !== Object.keys(b).length) return false
  // nested values (the block toggle state) are compared by content, they are tiny
  return ka.every((k) => a[k] === b[k] || JSON.stringify(a[k]) === JSON.stringify(b[k]))
}

function same<T extends Record<string, unknown>>(a: Node<T>, b: Node<T>) {
  return (
    a.type === b.type &&
    a.parentId === b.parentId &&
    a.selected === b.selected &&
    a.position.x === b.position.x &&
    a.position.y === b.position.y &&
    a.style?.width === b.style?.width &&
    a.style?.height === b.style?.height &&
    sameData(a.data, b.data)
  )
}

/**
 * Rebuilt canvas nodes, reusing the current object (measured by React Flow) of every node that
 * did not change: React Flow then skips it, and a one-parameter edit in a thousand-node graph
 * re-renders a handful.
 */
export function keepUnchanged<T extends Record<string, unknown>>(
  current: Node<T>[],
  next: Node<T>[],
): Node<T>[] {
  const prev = new Map(current.map((n) => [n.id, n]))
  return next.map((n) => {
    const p = prev.get(n.id)
    if (!p) return n
    if (same(p, n)) return p
    // a changed node keeps its measured size until React Flow measures it again
    return p.measured && p.type === n.type && !n.style ? { ...n, measured: p.measured } : n
  })
}
