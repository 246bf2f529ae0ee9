/** Where a new node goes: the nearest free place to where the user is looking or working. */

export interface Rect {
  x: number
  y: number
  w: number
  h: number
}
export interface Point {
  x: number
  y: number
}

/** A node's size before React Flow has measured it (about a one-line layer card). */
export const DEFAULT_SIZE = { w: 180, h: 70 }
/**
 * The room a node added by a click takes: it arrives unconnected, so it shows its "needs an
 * input" error below its card (the error text is at most 220 px wide, two or three lines).
 */
export const NEW_NODE_SIZE = { w: 240, h: 110 }
// the room kept around a new node, so it never touches a neighbour or hides an edge label
const GAP = 20
const STEP = 20
const MAX_RINGS = 400

const overlaps = (a: Rect, b: Rect) =>
  a.x < b.x + b.w + GAP && b.x < a.x + a.w + GAP && a.y < b.y + b.h + GAP && b.y < a.y + a.h + GAP

/**
 * The top-left corner nearest to `want` (on a STEP grid, searched ring by ring outwards) where a
 * box of `size` overlaps none of `taken`, with GAP between. Far past every node there is always
 * room, so the search ends; the fallback below `taken` is for an absurd canvas.
 */
export function freeSpot(taken: Rect[], want: Point, size = NEW_NODE_SIZE): Point {
  const fits = (p: Point) => !taken.some((r) => overlaps({ ...p, ...size }, r))
  for (let ring = 0; ring <= MAX_RINGS; ring++) {
    const candidates: Point[] = []
    for (let i = -ring; i <= ring; i++)
      for (const [dx, dy] of [
        [i, -ring],
        [i, ring],
        [-ring, i],
        [ring, i],
      ])
        if (Math.max(Math.abs(dx), Math.abs(dy)) === ring)
          candidates.push({ x: want.x + dx * STEP, y: want.y + dy * STEP })
    // nearest first within the ring; below and to the right before above and left on a tie
    candidates.sort(
      (a, b) =>
        Math.hypot(a.x - want.x, a.y - want.y) - Math.hypot(b.x - want.x, b.y - want.y) ||
        b.y - a.y ||
        b.x - a.x,
    )
    const free = candidates.find(fits)
    if (free) return free
  }
  return { x: want.x, y: Math.max(...taken.map((r) => r.y + r.h)) + GAP }
}

/** The smallest rectangle holding every one of `rects` (at least one). */
export function union(rects: Rect[]): Rect {
  const x = Math.min(...rects.map((r) => r.x))
  const y = Math.min(...rects.map((r) => r.y))
  const right = Math.max(...rects.map((r) => r.x + r.w))
  const bottom = Math.max(...rects.map((r) => r.y + r.h))
  return { x, y, w: right - x, h: bottom - y }
}

/**
 * Where to look for room: just below the selected node (the next layer of what the user is
 * building), else a box centred on the middle of the view.
 */
export function wantedSpot(view: Point, selected: Rect | undefined, size = NEW_NODE_SIZE): Point {
  return selected
    ? { x: selected.x, y: selected.y + selected.h + 2 * GAP }
    : { x: view.x - size.w / 2, y: view.y - size.h / 2 }
}
