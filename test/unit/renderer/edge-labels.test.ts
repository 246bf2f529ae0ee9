/**
 * Edge labels (the shape flowing along each edge) never cover a node or another label: checked
 * box by box on UNet++ as it opens, in both directions, and on a crowd of edges through one spot.
 */
import { readFileSync } from 'node:fs'
import { getBezierPath, Position } from '@xyflow/system'
import { describe, expect, it } from 'vitest'
import { analyze } from '../../../engine/graph/analyze'
import { parseGraph } from '../../../engine/graph/parse'
import type { GraphDoc } from '../../../engine/graph/schema'
import { toFlow } from '../../../renderer/src/canvas/adapters'
import { curvePoint, labelSize, placeLabels } from '../../../renderer/src/canvas/edge-labels'
import type { Rect } from '../../../renderer/src/canvas/free-spot'
import { hintedLayout } from '../../../renderer/src/canvas/hinted-layout'

function preset(name: string): GraphDoc {
  const r = parseGraph(JSON.parse(readFileSync(`presets/${name}.json`, 'utf8')))
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '))
  return r.doc
}
const overlap = (a: Rect, b: Rect) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h

/** Every placed label's box; fails on any label over a node or over another label. */
function checkLabels(
  rects: Map<string, Rect>,
  edges: { id: string; source: string; target: string; text: string }[],
  direction: 'down' | 'right',
) {
  const at = placeLabels(rects, [...rects.values()], edges, direction)
  const boxes: (Rect & { id: string })[] = []
  for (const e of edges) {
    const p = at.get(e.id)
    if (!p) continue
    const s = labelSize(e.text)
    boxes.push({ id: e.id, x: p.x - s.w / 2, y: p.y - s.h / 2, ...s })
  }
  for (const b of boxes) {
    for (const [id, r] of rects) expect(overlap(b, r), `label of ${b.id} covers node ${id}`).toBe(false)
    for (const c of boxes) if (b.id < c.id) expect(overlap(b, c), `labels ${b.id} and ${c.id}`).toBe(false)
  }
  return { at, boxes }
}

describe('edge labels', () => {
  it('follow the curve React Flow draws: the middle of the path is its label point', () => {
    for (const [direction, sp, tp] of [
      ['down', Position.Bottom, Position.Top],
      ['right', Position.Right, Position.Left],
    ] as const)
      for (const [from, to] of [
        [
          { x: 0, y: 0 },
          { x: 300, y: 200 },
        ],
        [
          { x: 50, y: 400 },
          { x: -200, y: 10 },
        ],
      ]) {
        const [, lx, ly] = getBezierPath({
          sourceX: from.x,
          sourceY: from.y,
          sourcePosition: sp,
          targetX: to.x,
          targetY: to.y,
          targetPosition: tp,
        })
        const p = curvePoint(from, to, direction, 0.5)
        expect(p.x).toBeCloseTo(lx)
        expect(p.y).toBeCloseTo(ly)
      }
  })

  for (const direction of ['down', 'right'] as const)
    it(`on UNet++ flowing ${direction}, cover no node and no other label, and most are shown`, () => {
      const doc = preset('unetpp')
      const sizes = new Map(doc.nodes.map((n) => [n.id, { w: 200, h: 76 }]))
      const pos = hintedLayout(doc, sizes, direction)
      const rects = new Map(doc.nodes.map((n) => [n.id, { ...pos[n.id], ...sizes.get(n.id)! }]))
      const flow = toFlow(doc, analyze(doc), [])
      const edges = flow.edges.map((e) => ({
        id: e.id,
        source: e.source,
        target: e.target,
        text: String(e.label),
      }))
      expect(edges.length).toBe(60)
      expect(edges[0].text).toMatch(/^\d+×\d+×\d+$/)
      const { boxes } = checkLabels(rects, edges, direction)
      expect(boxes.length).toBeGreaterThan(edges.length * 0.8)
    })

  it('a crowd of edges through one spot spreads its labels along them or leaves some out', () => {
    // eight sources in a row, each wired to each of eight targets below: 64 edges crossing mid-way
    const rects = new Map<string, Rect>()
    for (let i = 0; i < 8; i++) {
      rects.set(`s${i}`, { x: i * 200, y: 0, w: 180, h: 70 })
      rects.set(`t${i}`, { x: i * 200, y: 400, w: 180, h: 70 })
    }
    const edges = []
    for (let i = 0; i < 8; i++)
      for (let j = 0; j < 8; j++)
        edges.push({ id: `${i}-${j}`, source: `s${i}`, target: `t${j}`, text: '32×32×64' })
    const { at, boxes } = checkLabels(rects, edges, 'down')
    expect(boxes.length).toBeGreaterThan(8)
    // the ones that would have sat in the crowded middle moved along their edges
    expect(new Set([...at.values()].filter(Boolean).map((p) => Math.round(p!.y))).size).toBeGreaterThan(2)
  })
})
