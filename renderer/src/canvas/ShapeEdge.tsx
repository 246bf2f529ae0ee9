import { BaseEdge, getBezierPath, type Edge, type EdgeProps, type Node } from '@xyflow/react'
import { memo } from 'react'
import type { LayerNodeData } from './adapters'
import { placeLabels, type Direction } from './edge-labels'
import { DEFAULT_SIZE, type Point, type Rect } from './free-spot'

export type ShapeEdgeData = { labelAt: Point | null }
export type ShapeEdgeType = Edge<ShapeEdgeData, 'shape'>

/** The height of an open block's header: the part of its frame an edge label must not cover. */
const GROUP_HEAD = 30

/**
 * An edge carrying the shape that flows along it, its label where placeLabels found room for it
 * (edge-labels.ts) rather than always at the middle, where it could cover a node or another label.
 */
export const ShapeEdge = memo(function ShapeEdge(props: EdgeProps<ShapeEdgeType>) {
  const [path] = getBezierPath(props)
  const at = props.data?.labelAt
  return (
    <BaseEdge
      id={props.id}
      path={path}
      style={props.style}
      markerEnd={props.markerEnd}
      interactionWidth={props.interactionWidth}
      label={at ? props.label : undefined}
      labelX={at?.x}
      labelY={at?.y}
    />
  )
})

/** Every node's box in flow coordinates (inner nodes of open blocks are stored relative to them). */
export function drawnRects(nodes: readonly Node<LayerNodeData>[]): Map<string, Rect> {
  const byId = new Map(nodes.map((n) => [n.id, n]))
  const rects = new Map<string, Rect>()
  const rectOf = (n: Node<LayerNodeData>): Rect => {
    const known = rects.get(n.id)
    if (known) return known
    const parent = n.parentId ? byId.get(n.parentId) : undefined
    const origin = parent ? rectOf(parent) : { x: 0, y: 0 }
    const styled = n.style as { width?: number; height?: number } | undefined
    const r = {
      x: origin.x + n.position.x,
      y: origin.y + n.position.y,
      w: n.measured?.width ?? styled?.width ?? DEFAULT_SIZE.w,
      h: n.measured?.height ?? styled?.height ?? DEFAULT_SIZE.h,
    }
    rects.set(n.id, r)
    return r
  }
  for (const n of nodes) rectOf(n)
  return rects
}

/**
 * The canvas's edges as shape edges with their labels placed; an edge whose label and place did
 * not change keeps its object from `previous`, so React Flow redraws only the ones that moved.
 */
export function labelEdges(
  nodes: readonly Node<LayerNodeData>[],
  edges: readonly Edge[],
  direction: Direction,
  showLabels: boolean,
  previous: ReadonlyMap<string, ShapeEdgeType>,
): ShapeEdgeType[] {
  const rects = drawnRects(nodes)
  const obstacles = nodes.map((n) => {
    const r = rects.get(n.id)!
    return n.type === 'blockGroup' ? { ...r, h: GROUP_HEAD } : r
  })
  const at = showLabels
    ? placeLabels(
        rects,
        obstacles,
        edges.map((e) => ({ id: e.id, source: e.source, target: e.target, text: String(e.label ?? '') })),
        direction,
      )
    : new Map<string, Point | null>()
  return edges.map((e) => {
    const labelAt = at.get(e.id) ?? null
    const old = previous.get(e.id)
    const same =
      old &&
      old.label === e.label &&
      old.source === e.source &&
      old.target === e.target &&
      old.className === e.className &&
      old.data?.labelAt?.x === labelAt?.x &&
      old.data?.labelAt?.y === labelAt?.y
    return same ? old : { ...e, type: 'shape', data: { labelAt } }
  })
}
