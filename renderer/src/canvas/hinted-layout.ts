/**
 * Layout from the graph's own layout hints (GraphNode.layoutHint): the drawing an architecture is
 * known by — UNet++'s X(i, j) grid, FCN's U, an encoder and a decoder side by side — rather than
 * the plain layered one. Hinted nodes go to their grid cell, every track sized to what it holds;
 * nodes the user added later (no hint) go to the nearest free place after their inputs. Nothing
 * ever overlaps, whatever the edits.
 */
import type { GraphDoc, GraphNode } from '../../../engine/graph/schema'
import { DEFAULT_SIZE, freeSpot, type Point, type Rect } from './free-spot'

export type Direction = 'down' | 'right'
export interface Size {
  w: number
  h: number
}

/**
 * The gaps between grid tracks: between ranks (along the flow) and between lanes. Edge labels sit
 * between ranks: flowing right, that gap must hold a label's width rather than its height.
 */
export const rankGap = (direction: Direction) => (direction === 'down' ? 50 : 110)
const LANE_GAP = 40
/**
 * A node's size when the layout runs before anything is drawn (a preset as it opens): the widest a
 * node card gets (its names are cut with "…" past that, see .layer-node) and a three-line card.
 */
export const OPEN_SIZE: Size = { w: 220, h: 90 }

const hinted = (n: GraphNode) => n.layoutHint !== undefined

/** Hints decide the layout when most nodes have one: a few stray hints in a user's graph do not. */
export const usesHints = (doc: GraphDoc) => doc.nodes.filter(hinted).length * 2 > doc.nodes.length

/** Sorted distinct values with the start offset of each track, tracks `size(v)` long and `gap` apart. */
function tracks(values: number[], size: (v: number) => number, gap: number): Map<number, number> {
  const starts = new Map<number, number>()
  let at = 0
  for (const v of [...new Set(values)].sort((a, b) => a - b)) {
    starts.set(v, at)
    at += size(v) + gap
  }
  return starts
}

/**
 * Top-left positions for every node of `doc`. `sizes` are the nodes as drawn (missing ones are
 * taken at `fallback`); `direction` says which screen axis the ranks run along.
 */
export function hintedLayout(
  doc: GraphDoc,
  sizes: ReadonlyMap<string, Size> = new Map(),
  direction: Direction = 'down',
  fallback: Size = DEFAULT_SIZE,
): Record<string, Point> {
  // only the size: the canvas passes its drawn boxes, whose old place must not come along
  const sizeOf = (id: string): Size => {
    const s = sizes.get(id) ?? fallback
    return { w: s.w, h: s.h }
  }
  const gapAlong = rankGap(direction)
  // a node's extent along the flow and across it
  const along = (id: string) => (direction === 'down' ? sizeOf(id).h : sizeOf(id).w)
  const across = (id: string) => (direction === 'down' ? sizeOf(id).w : sizeOf(id).h)

  const cells = new Map<string, { rank: number; lane: number; ids: string[] }>()
  for (const n of doc.nodes) {
    if (!n.layoutHint) continue
    const { rank, lane } = n.layoutHint
    const key = `${rank},${lane}`
    const cell = cells.get(key) ?? { rank, lane, ids: [] }
    cell.ids.push(n.id)
    cells.set(key, cell)
  }
  // nodes sharing a cell (a pasted copy keeps its original's hint) sit side by side in it
  const cellAcross = (ids: string[]) => ids.reduce((a, id) => a + across(id), 0) + LANE_GAP * (ids.length - 1)
  const rankSize = new Map<number, number>()
  const laneSize = new Map<number, number>()
  for (const c of cells.values()) {
    rankSize.set(c.rank, Math.max(rankSize.get(c.rank) ?? 0, ...c.ids.map(along)))
    laneSize.set(c.lane, Math.max(laneSize.get(c.lane) ?? 0, cellAcross(c.ids)))
  }
  const rankAt = tracks([...rankSize.keys()], (r) => rankSize.get(r)!, gapAlong)
  const laneAt = tracks([...laneSize.keys()], (l) => laneSize.get(l)!, LANE_GAP)

  const placed = new Map<string, Rect>()
  const put = (id: string, a: number, c: number) => {
    const s = sizeOf(id)
    placed.set(id, direction === 'down' ? { x: c, y: a, ...s } : { x: a, y: c, ...s })
  }
  for (const cell of cells.values()) {
    let c = laneAt.get(cell.lane)! + (laneSize.get(cell.lane)! - cellAcross(cell.ids)) / 2
    for (const id of cell.ids) {
      put(id, rankAt.get(cell.rank)! + (rankSize.get(cell.rank)! - along(id)) / 2, c)
      c += across(id) + LANE_GAP
    }
  }

  // the rest, each after its first placed input (or before its first placed output), in free room
  const rest = doc.nodes.filter((n) => !placed.has(n.id)).map((n) => n.id)
  const inputs = (id: string) => doc.edges.filter((e) => e.target === id).map((e) => e.source)
  const outputs = (id: string) => doc.edges.filter((e) => e.source === id).map((e) => e.target)
  const want = (id: string): Point | null => {
    const s = sizeOf(id)
    const before = inputs(id).find((x) => placed.has(x))
    if (before) {
      const r = placed.get(before)!
      return direction === 'down' ? { x: r.x, y: r.y + r.h + gapAlong } : { x: r.x + r.w + gapAlong, y: r.y }
    }
    const after = outputs(id).find((x) => placed.has(x))
    if (after) {
      const r = placed.get(after)!
      return direction === 'down' ? { x: r.x, y: r.y - s.h - gapAlong } : { x: r.x - s.w - gapAlong, y: r.y }
    }
    return null
  }
  while (rest.length) {
    // one with a placed neighbour first, so a chain the user added grows from where it hangs
    const i = Math.max(
      0,
      rest.findIndex((id) => want(id) !== null),
    )
    const [id] = rest.splice(i, 1)
    const taken = [...placed.values()]
    const start = want(id) ?? (taken.length ? below(taken, direction) : { x: 0, y: 0 })
    const spot = freeSpot(taken, start, sizeOf(id))
    placed.set(id, { ...spot, ...sizeOf(id) })
  }
  return Object.fromEntries([...placed].map(([id, r]) => [id, { x: r.x, y: r.y }]))
}

/** Past the end of everything placed, along the flow. */
function below(taken: Rect[], direction: Direction): Point {
  const gapAlong = rankGap(direction)
  const minX = Math.min(...taken.map((r) => r.x))
  const minY = Math.min(...taken.map((r) => r.y))
  return direction === 'down'
    ? { x: minX, y: Math.max(...taken.map((r) => r.y + r.h)) + gapAlong }
    : { x: Math.max(...taken.map((r) => r.x + r.w)) + gapAlong, y: minY }
}

/**
 * A document as it opens from a preset: when it carries layout hints, its nodes placed by them in
 * the chosen direction (at OPEN_SIZE, nothing being drawn yet); otherwise as it was saved.
 */
export function withHintedPositions(doc: GraphDoc, direction: Direction): GraphDoc {
  if (!usesHints(doc)) return doc
  const at = hintedLayout(doc, new Map(), direction, OPEN_SIZE)
  return { ...doc, nodes: doc.nodes.map((n) => ({ ...n, position: at[n.id] })) }
}
