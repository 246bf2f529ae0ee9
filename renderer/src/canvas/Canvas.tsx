import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  applyNodeChanges,
  useReactFlow,
  type Connection,
  type Edge,
  type Node,
  type NodeChange,
  type OnSelectionChangeParams,
} from '@xyflow/react'
import { useCallback, useEffect, useMemo, useState, type DragEvent } from 'react'
import { useAnalysis } from '../store/analysis'
import { addNode, connect, movePositions, removeEdges, removeNodes } from '../store/doc-ops'
import { useGraph } from '../store/graph'
import { LayerNode } from './LayerNode'
import { toFlow, type LayerNodeData } from './adapters'
import { useShortcuts } from './useShortcuts'

export const DRAG_TYPE = 'application/deepwire-layer'
const nodeTypes = { layer: LayerNode }
// never zoom in past 100%: a small graph should not fill the screen with giant nodes
const FIT = { padding: 0.2, maxZoom: 1 }

export function Canvas() {
  const doc = useGraph((s) => s.doc)
  const selected = useGraph((s) => s.selected)
  const loadCount = useGraph((s) => s.loadCount)
  const { apply, select } = useGraph.getState()
  const analysis = useAnalysis()
  const flow = useMemo(() => toFlow(doc, analysis, selected), [doc, analysis, selected])
  // React Flow owns positions while dragging; the document gets them when the drag ends
  const [nodes, setNodes] = useState<Node<LayerNodeData>[]>(flow.nodes)
  useEffect(() => setNodes(flow.nodes), [flow.nodes])
  const rf = useReactFlow()
  useShortcuts()
  useEffect(() => {
    const t = setTimeout(() => void rf.fitView(FIT), 50)
    return () => clearTimeout(t)
  }, [loadCount, rf])

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
    <div className="canvas" onDrop={onDrop} onDragOver={(e) => e.preventDefault()} data-testid="canvas">
      <ReactFlow
        nodes={nodes}
        edges={flow.edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onNodeDragStop={(_e, _n, dragged) =>
          apply((d) => movePositions(d, Object.fromEntries(dragged.map((n) => [n.id, n.position]))))
        }
        onConnect={(c: Connection) => apply((d) => connect(d, c.source, c.target))}
        onNodesDelete={(ns) =>
          apply((d) =>
            removeNodes(
              d,
              ns.map((n) => n.id),
            ),
          )
        }
        onEdgesDelete={(es: Edge[]) =>
          apply((d) =>
            removeEdges(
              d,
              es.map((x) => x.id),
            ),
          )
        }
        onSelectionChange={onSelectionChange}
        snapToGrid
        snapGrid={[10, 10]}
        deleteKeyCode={['Delete', 'Backspace']}
        fitView
        fitViewOptions={FIT}
        minZoom={0.05}
      >
        <Background gap={20} />
        <MiniMap pannable zoomable />
        <Controls />
      </ReactFlow>
    </div>
  )
}
