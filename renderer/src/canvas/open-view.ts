/**
 * How a graph is shown when it opens: as large as fits, but never so small that its text drops
 * below READABLE_PX. A graph that would need a smaller zoom opens at the readable one, at its
 * start (top left of the flow), and the user scrolls the rest into view.
 */
import type { Rect } from './free-spot'

/** The smallest text drawn at the opening view, in screen pixels. */
export const READABLE_PX = 9
/** Below this zoom nodes show their level-of-detail face: type and output shape in large type. */
export const LOD_ZOOM = 0.75
/** The level-of-detail face's font size (see .layer-lod in styles.css). */
export const LOD_FONT_PX = 26
/** The opening view's smallest zoom: the level-of-detail text is READABLE_PX there. */
export const OPEN_MIN_ZOOM = READABLE_PX / LOD_FONT_PX
// room for the block toolbar above the graph and a margin on the other sides
const PAD = { top: 60, side: 24 }

export interface Viewport {
  x: number
  y: number
  zoom: number
}

/** The viewport that shows `bounds` (flow coordinates) in a view of `width` × `height` pixels. */
export function openingViewport(bounds: Rect, width: number, height: number): Viewport {
  const room = { w: width - 2 * PAD.side, h: height - PAD.top - PAD.side }
  const fit = Math.min(room.w / Math.max(1, bounds.w), room.h / Math.max(1, bounds.h))
  const zoom = Math.min(1, Math.max(OPEN_MIN_ZOOM, fit))
  const w = bounds.w * zoom
  const h = bounds.h * zoom
  return {
    zoom,
    // centred where it fits; otherwise from its start, the rest a scroll away
    x: (w <= room.w ? PAD.side + (room.w - w) / 2 : PAD.side) - bounds.x * zoom,
    y: (h <= room.h ? PAD.top + (room.h - h) / 2 : PAD.top) - bounds.y * zoom,
  }
}
