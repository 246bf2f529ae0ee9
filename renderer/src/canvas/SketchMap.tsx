import { Panel, useReactFlow, useStore, type Node } from '@xyflow/react'
import { memo, useMemo, useRef, type PointerEvent } from 'react'
import type { LayerNodeData } from './adapters'
import './sketch-map.css'

/** Size of a node not measured yet (the drawn layer nodes are about this big). */
const GUESS = { w: 160, h: 60 }
const PAD = 40

/** Every layer as one rectangle of a single SVG path, in flow coordinates, and their bounds. */
export function outline(nodes: Node<LayerNodeData>[]) {
  const at = new Map<string, { x: number; y: number }>()
  let d = ''
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity]
  for (const n of nodes) {
    // children sit relative to their group, which comes before them
    const parent = n.parentId ? at.get(n.parentId) : undefined
    const x = n.position.x + (parent?.x ?? 0)
    const y = n.position.y + (parent?.y ?? 0)
    at.set(n.id, { x, y })
    if (n.type === 'blockGroup') continue
    const w = n.measured?.width ?? n.width ?? GUESS.w
    const h = n.measured?.height ?? n.height ?? GUESS.h
    d += `M${x} ${y}h${w}v${h}h${-w}z`
    ;[x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x + w), Math.max(y1, y + h)]
  }
  if (!d) return { d, box: { x: 0, y: 0, w: 1, h: 1 } }
  return { d, box: { x: x0 - PAD, y: y0 - PAD, w: x1 - x0 + 2 * PAD, h: y1 - y0 + 2 * PAD } }
}

/**
 * A minimap for graphs too large for React Flow's own, which keeps one store listener per node
 * and runs them all on every pan and zoom frame. Here the layers are drawn once per document
 * change as one path; only the frame of the visible area follows the view. Click or drag on
 * the map to look there.
 */
export const SketchMap = memo(function SketchMap({ nodes }: { nodes: Node<LayerNodeData>[] }) {
  const { d, box } = useMemo(() => outline(nodes), [nodes])
  const [tx, ty, zoom] = useStore((s) => s.transform)
  const width = useStore((s) => s.width)
  const height = useStore((s) => s.height)
  const rf = useReactFlow()
  const svg = useRef<SVGSVGElement>(null)
  const lookAt = (e: PointerEvent) => {
    if (!(e.buttons & 1)) return
    const m = svg.current?.getScreenCTM()
    if (!m) return
    const p = new DOMPoint(e.clientX, e.clientY).matrixTransform(m.inverse())
    void rf.setCenter(p.x, p.y, { zoom })
  }
  return (
    <Panel position="bottom-right" className="sketch-map" data-testid="sketch-map">
      <svg
        ref={svg}
        viewBox={`${box.x} ${box.y} ${box.w} ${box.h}`}
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId)
          lookAt(e)
        }}
        onPointerMove={lookAt}
      >
        <path className="sketch-map-nodes" d={d} />
        <rect
          className="sketch-map-view"
          x={-tx / zoom}
          y={-ty / zoom}
          width={width / zoom}
          height={height / zoom}
          vectorEffect="non-scaling-stroke"
        />
      </svg>
    </Panel>
  )
})
