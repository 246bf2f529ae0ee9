import type { Point, Rect } from './free-spot'

/**
 * What commands outside the canvas (palette clicks, auto-layout) need from the React Flow view
 * it owns: where the nodes sit and how big they are drawn, the middle of the view, a refit.
 * The canvas registers it while mounted; without a canvas (tests, start-up) callers fall back.
 */
export interface CanvasView {
  /** Top-level nodes as drawn, by id, in flow coordinates. */
  rects(): Map<string, Rect>
  /** The middle of the visible part of the canvas, in flow coordinates. */
  centre(): Point
  /** Fits the whole graph into view once React Flow has drawn the latest positions. */
  fitSoon(): void
}

let current: CanvasView | null = null

export function setCanvasView(view: CanvasView | null) {
  current = view
}
export const canvasView = () => current
