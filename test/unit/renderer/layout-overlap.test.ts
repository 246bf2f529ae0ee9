import { describe, expect, it } from 'vitest'
import type { GraphDoc } from '../../../engine/graph/schema'
import { autoLayout } from '../../../renderer/src/canvas/layout'

const overlap = (a: { x: number; y: number; w: number; h: number }, b: typeof a) =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h

describe('autoLayout at the sizes nodes are drawn', () => {
  // the MLP after deleting Flatten and adding it back unconnected: Input and Flatten are on no
  // edge and both show an error, which makes them wider and taller than a plain card
  const doc = {
    nodes: ['in', 'flatten', 'hidden', 'out'].map((id) => ({ id, type: 'Dense', position: { x: 0, y: 0 } })),
    edges: [{ source: 'hidden', target: 'out' }],
  } as unknown as GraphDoc
  const sizes = new Map([
    ['in', { w: 240, h: 120 }],
    ['flatten', { w: 238, h: 110 }],
    ['hidden', { w: 180, h: 64 }],
    ['out', { w: 200, h: 64 }],
  ])

  it('places no node over another, connected or not', async () => {
    const pos = await autoLayout(doc, sizes)
    const boxes = [...sizes].map(([id, s]) => ({ id, ...pos[id], ...s }))
    for (const a of boxes)
      for (const b of boxes) if (a.id < b.id) expect(overlap(a, b), `${a.id} and ${b.id}`).toBe(false)
    expect(pos.out.y).toBeGreaterThanOrEqual(pos.hidden.y + 64)
  })
})
