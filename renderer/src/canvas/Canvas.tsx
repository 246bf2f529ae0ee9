import {
  Background,
  Controls,
  MiniMap,
  Panel,
  ReactFlow,
  applyNodeChanges,
  useReactFlow,
  useStore,
  type Connection,
  type Edge,
  type Node,
  type NodeChange,
  type OnSelectionChangeParams,
} from '@xyflow/react'
import {
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type DragEvent,
  type MouseEvent as ReactMouseEvent,
} from 'react'
import { useAnalysis } from '../store/analysis'
import { addNode, connect, movePositions, removeEdges, removeNodes } from '../store/doc-ops'
import { useFlow } from '../store/flow'
import { useBlockView, useGraph } from '../store/graph'
import { useTheme } from '../store/theme'
import { BlockGroupNode } from './BlockGroupNode'
import { BlockMenu, BlockToolbar } from './BlockToolbar'
import { setCanvasView } from './canvas-view'
import { DEFAULT_SIZE, union } from './free-spot'
import { LOD_ZOOM, openingViewport } from './open-view'
import { LayerNode } from './LayerNode'
import { labelEdges, ShapeEdge, type ShapeEdgeType } from './ShapeEdge'
import { SketchMap } from './SketchMap'
import { docEdgeKey, toFlow, type LayerNodeData } from './adapters'
import './blocks.css'
import { keepUnchanged } from './stable-nodes'
import { useShortcuts } from './useShortcuts'

export const DRAG_TYPE = 'application/deepwire-layer'
const nodeTypes = { layer: LayerNode, blockGroup: BlockGroupNode }
const edgeTypes = { shape: ShapeEdge }
/** Inner nodes of open blocks have path ids; only top-level nodes are document nodes. */
const isTop = (id: string) => !id.includes('/')
// never zoom in past 100%: a small graph should not fill the screen with giant nodes
const FIT = { padding: 0.2, maxZoom: 1 }
const FAR_ZOOM = 0.45
// React Flow's minimap subscribes one store listener per node, all run on every pan/zoom frame:
// on a 1,045-layer graph that was about 2 ms of each frame's p95 and 4 ms of its worst (canvas
// bench); past this size a sketch drawn once per edit stands in for it
const MINIMAP_MAX_NODES = 300

export function Canvas() {
  const doc = useGraph((s) => s.doc)
  const selected = useGraph((s) => s.selected)
  const loadCount = useGraph((s) => s.loadCount)
  const { apply, select } = useGraph.getState()
  const expanded = useBlockView((s) => s.expanded)
  const analysis = useAnalysis()
  const theme = useTheme((s) => s.theme)
  const direction = useFlow((s) => s.direction)
  const flow = useMemo(
    () => toFlow(doc, analysis, selected, expanded, direction),
    [doc, analysis, selected, expanded, direction],
  )
  // React Flow owns positions while dragging; the document gets them when the drag ends.
  // Unchanged nodes keep their object, so React Flow and the memoised node components skip them.
  const [nodes, setNodes] = useState<Node<LayerNodeData>[]>(flow.nodes)
  useEffect(() => setNodes((current) => keepUnchanged(current, flow.nodes)), [flow.nodes])
  const rf = useReactFlow()
  // Zoomed far out, labels and the dot grid are unreadable specks that cost most of each
  // frame's painting on a large graph; they come back when zooming in.
  const far = useStore((s) => s.transform[2] < FAR_ZOOM)
  // Below LOD_ZOOM nodes show only their type and shape, in type large enough to read (CSS
  // `.canvas.lod`); edge labels repeat those shapes in small print, so they go too.
  const lod = useStore((s) => s.transform[2] < LOD_ZOOM)
  // each label where it covers no node and no other label (edge-labels.ts), placed again as nodes move
  const previousEdges = useRef(new Map<string, ShapeEdgeType>())
  const edges = useMemo(() => {
    const next = labelEdges(nodes, flow.edges, direction, !lod, previousEdges.current)
    previousEdges.current = new Map(next.map((e) => [e.id, e]))
    return next
  }, [lod, nodes, flow.edges, direction])
  useShortcuts()
  const [menu, setMenu] = useState<{ x: number; y: number; node?: string } | null>(null)
  // right click on a node or a box selection: the block commands, where the pointer is
  const openMenu = (e: ReactMouseEvent, node?: string) => {
    e.preventDefault()
    const at = (e.currentTarget as Element).closest('.canvas')!.getBoundingClientRect()
    if (node && !useGraph.getState().selected.includes(node)) select([node])
    setMenu({ x: e.clientX - at.left, y: e.clientY - at.top, node })
  }
  // The whole graph if it fits at a readable size, else its start at the smallest readable zoom
  // (open-view.ts). Bounds come from the document's positions, which React Flow may not have
  // drawn yet right after an edit, at the sizes React Flow measured.
  const showReadable = useCallback(() => {
    const el = document.querySelector('.canvas')?.getBoundingClientRect()
    const drawn = new Map(rf.getNodes().map((n) => [n.id, n]))
    const boxes = useGraph.getState().doc.nodes.map((n) => {
      const d = drawn.get(n.id)
      return {
        ...(n.position ?? d?.position ?? { x: 0, y: 0 }),
        w: d?.measured?.width ?? DEFAULT_SIZE.w,
        h: d?.measured?.height ?? DEFAULT_SIZE.h,
      }
    })
    if (!boxes.length || !el) return
    void rf.setViewport(openingViewport(union(boxes), el.width, el.height))
  }, [rf])
  useEffect(() => {
    setCanvasView({
      rects: () =>
        new Map(
          rf
            .getNodes()
            .filter((n) => isTop(n.id))
            .map((n) => [
              n.id,
              {
                ...n.position,
                w: n.measured?.width ?? DEFAULT_SIZE.w,
                h: n.measured?.height ?? DEFAULT_SIZE.h,
              },
            ]),
        ),
      centre: () => {
        const el = document.querySelector('.canvas')!.getBoundingClientRect()
        return rf.screenToFlowPosition({ x: el.x + el.width / 2, y: el.y + el.height / 2 })
      },
      fitSoon: () => requestAnimationFrame(() => requestAnimationFrame(showReadable)),
    })
    return () => setCanvasView(null)
  }, [rf, showReadable])
  useEffect(() => {
    useBlockView.getState().setExpanded([])
    useBlockView.getState().setMessage(null)
    const t = setTimeout(showReadable, 50)
    return () => clearTimeout(t)
  }, [loadCount, showReadable])

  const onNodesChange = useCallback((changes: NodeChange<Node<LayerNodeData>>[]) => {
    setNodes((ns) => applyNodeChanges(changes, ns))
  }, [])
  // React Flow re-subscribes to an unstable selection handler on every render: keep it stable
  const onSelectionChange = useCallback(({ nodes: sel }: OnSelectionChangeParams) => {
    const ids = sel.map((n) => n.id)
    if (ids.join() !== useGraph.getState().selected.join()) useGraph.getState().select(ids)
  }, [])
  const onDrop = (e: DragEvent) => {
    const type = e.dataTransfer.getData(DRAG_TYPE)
    if (!type) return
    e.preventDefault()
    const position = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY })
    let id = ''
    apply((d) => {
      const [next, added] = addNode(d, type, position)
      id = added
      return next
    })
    select([id])
  }

  return (
    <div
      className={`canvas${lod ? ' lod' : ''}${far ? ' far' : ''}`}
      onDrop={onDrop}
      onDragOver={(e) => e.preventDefault()}
      data-testid="canvas"
    >
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onNodeDragStop={(_e, _n, dragged) => {
          // the document keeps where a node sits with every block closed (see toFlow's shift)
          const back = (n: Node<LayerNodeData>) => n.data.shift ?? 0
          const moved = dragged
            .filter((n) => isTop(n.id))
            .map((n) => [
              n.id,
              direction === 'down'
                ? { x: n.position.x, y: n.position.y - back(n) }
                : { x: n.position.x - back(n), y: n.position.y },
            ])
          if (moved.length) apply((d) => movePositions(d, Object.fromEntries(moved)))
        }}
        onConnect={(c: Connection) => {
          if (isTop(c.source) && isTop(c.target)) apply((d) => connect(d, c.source, c.target))
        }}
        // one handler for the nodes and the edges one Delete removes: one undo step brings back both
        onDelete={({ nodes: ns, edges: es }: { nodes: Node[]; edges: Edge[] }) => {
          const ids = ns.map((n) => n.id).filter(isTop)
          const keys = [...new Set(es.map((x) => docEdgeKey(x.id)))]
          if (ids.length || keys.length) apply((d) => removeNodes(removeEdges(d, keys), ids))
        }}
        onSelectionChange={onSelectionChange}
        onNodeContextMenu={(e, n) => openMenu(e, n.id)}
        onSelectionContextMenu={(e) => openMenu(e)}
        onPaneClick={() => setMenu(null)}
        onMoveStart={() => setMenu(null)}
        snapToGrid
        snapGrid={[10, 10]}
        deleteKeyCode={['Delete', 'Backspace']}
        fitView
        fitViewOptions={FIT}
        minZoom={0.05}
        onlyRenderVisibleElements
        colorMode={theme}
      >
        <Panel position="top-left">
          <BlockToolbar />
        </Panel>
        {!far && <Background gap={20} />}
        {nodes.length <= MINIMAP_MAX_NODES ? <MiniMap pannable zoomable /> : <SketchMap nodes={flow.nodes} />}
        <Controls />
      </ReactFlow>
      {menu && <BlockMenu {...menu} onClose={() => setMenu(null)} />}
    </div>
  )
}
