/**
 * Where each edge's shape label goes: a point on the edge's own curve where the label covers no
 * node and no label placed before it. Labels sit at the middle of their edge when there is room
 * and slide along it when not; one with no free spot anywhere on its edge is left out (the shape
 * is still printed on the node that produces it). Runs on every drawn frame of a drag, so the
 * overlap tests go through a grid of buckets rather than every box.
 */
import type { Point, Rect } from './free-spot'

export type Direction = 'down' | 'right'

/** The label's font (see .react-flow__edge-text) and React Flow's padding around it. */
const CHAR_W = 7.2
const PAD = { x: 2, y: 4 }
const TEXT_H = 15
/** Room kept between a label and whatever is next to it. */
const MARGIN = 3
/** Where along its edge (0 = source, 1 = target) a label may go, best first. */
const ALONG = [0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78, 0.15, 0.85]
/** A handle sticks this far out of its node's border; edges start and end at its tip. */
const HANDLE = 4
const BUCKET = 160

/** The box a label's text takes on the canvas, its background included. */
export const labelSize = (text: string) => ({
  w: Math.ceil(text.length * CHAR_W) + 2 * PAD.x,
  h: TEXT_H + 2 * PAD.y,
})

/** Where an edge leaves its source and enters its target: mid-bottom to mid-top, or right to left. */
export function edgeEnds(source: Rect, target: Rect, direction: Direction): { from: Point; to: Point } {
  return direction === 'down'
    ? {
        from: { x: source.x + source.w / 2, y: source.y + source.h + HANDLE },
        to: { x: target.x + target.w / 2, y: target.y - HANDLE },
      }
    : {
        from: { x: source.x + source.w + HANDLE, y: source.y + source.h / 2 },
        to: { x: target.x - HANDLE, y: target.y + target.h / 2 },
      }
}

/**
 * The point at `t` of the curve React Flow draws for a bezier edge between these ends: each end's
 * control point lies along the flow, half the gap away when the edge runs forwards, and a bow
 * growing with the square root of the distance when it runs backwards.
 */
export function curvePoint(from: Point, to: Point, direction: Direction, t: number): Point {
  const bow = (d: number) => (d >= 0 ? 0.5 * d : 0.25 * 25 * Math.sqrt(-d))
  const [c1, c2] =
    direction === 'down'
      ? [
          { x: from.x, y: from.y + bow(to.y - from.y) },
          { x: to.x, y: to.y - bow(to.y - from.y) },
        ]
      : [
          { x: from.x + bow(to.x - from.x), y: from.y },
          { x: to.x - bow(to.x - from.x), y: to.y },
        ]
  const u = 1 - t
  const mix = (a: number, b: number, c: number, d: number) =>
    u * u * u * a + 3 * u * u * t * b + 3 * u * t * t * c + t * t * t * d
  return { x: mix(from.x, c1.x, c2.x, to.x), y: mix(from.y, c1.y, c2.y, to.y) }
}

/** Boxes in square buckets, so asking what a box touches looks only at its neighbourhood. */
class Buckets {
  private cells = new Map<number, Rect[]>()
  // bucket coordinates packed into one number (a canvas is far smaller than 2^20 buckets across)
  private static key = (i: number, j: number) => (i + 0x80000) * 0x100000 + (j + 0x80000)
  add(r: Rect) {
    for (let i = Math.floor(r.x / BUCKET); i <= Math.floor((r.x + r.w) / BUCKET); i++)
      for (let j = Math.floor(r.y / BUCKET); j <= Math.floor((r.y + r.h) / BUCKET); j++) {
        const k = Buckets.key(i, j)
        const cell = this.cells.get(k)
        if (cell) cell.push(r)
        else this.cells.set(k, [r])
      }
  }
  hits(r: Rect): boolean {
    for (let i = Math.floor(r.x / BUCKET); i <= Math.floor((r.x + r.w) / BUCKET); i++)
      for (let j = Math.floor(r.y / BUCKET); j <= Math.floor((r.y + r.h) / BUCKET); j++) {
        const cell = this.cells.get(Buckets.key(i, j))
        if (cell)
          for (const o of cell)
            if (r.x < o.x + o.w && o.x < r.x + r.w && r.y < o.y + o.h && o.y < r.y + r.h) return true
      }
    return false
  }
}

export interface LabelledEdge {
  id: string
  source: string
  target: string
  text: string
}

/**
 * The centre of each edge's label, by edge id, or null where it is left out. `rects` are the
 * nodes as drawn (absolute flow coordinates); `obstacles` what labels must not cover (the nodes,
 * and of an open block only its header: its inner edges run across its frame).
 */
export function placeLabels(
  rects: ReadonlyMap<string, Rect>,
  obstacles: readonly Rect[],
  edges: readonly LabelledEdge[],
  direction: Direction,
): Map<string, Point | null> {
  const taken = new Buckets()
  for (const o of obstacles) taken.add(o)
  const out = new Map<string, Point | null>()
  // short edges have the fewest free spots: they choose first
  const ends = edges.flatMap((e) => {
    const s = rects.get(e.source)
    const t = rects.get(e.target)
    if (!s || !t || !e.text) {
      out.set(e.id, null)
      return []
    }
    const { from, to } = edgeEnds(s, t, direction)
    return [{ e, from, to, length: Math.hypot(to.x - from.x, to.y - from.y) }]
  })
  ends.sort((a, b) => a.length - b.length)
  for (const { e, from, to } of ends) {
    const size = labelSize(e.text)
    let at: Point | null = null
    for (const t of ALONG) {
      const p = curvePoint(from, to, direction, t)
      const box = {
        x: p.x - size.w / 2 - MARGIN,
        y: p.y - size.h / 2 - MARGIN,
        w: size.w + 2 * MARGIN,
        h: size.h + 2 * MARGIN,
      }
      if (!taken.hits(box)) {
        taken.add(box)
        at = p
        break
      }
    }
    out.set(e.id, at)
  }
  return out
}
