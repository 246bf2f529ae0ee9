import { Handle, type Node, type NodeProps } from '@xyflow/react'
import { memo } from 'react'
import { useHandlePositions } from '../store/flow'
import type { LayerNodeData } from './adapters'
import { BlockToggle, NodeNames } from './LayerNode'

/**
 * An open block instance: a frame around its inner nodes (React Flow children), headed by the
 * block's name, ×n, output shape and parameter total. Its handles carry wires to a port that
 * passes straight through (nothing inside to attach them to).
 */
export const BlockGroupNode = memo(function BlockGroupNode({
  id,
  data,
  selected,
}: NodeProps<Node<LayerNodeData>>) {
  const handles = useHandlePositions()
  return (
    <div
      className={`block-group${data.error ? ' has-error' : ''}${selected ? ' selected' : ''}`}
      data-testid={`group-${id}`}
      title={data.error ?? undefined}
    >
      <Handle type="target" position={handles.target} />
      <div className="block-group-head">
        <BlockToggle data={data} />
        <NodeNames id={id} data={data} />
        <span className="block-group-stats" data-testid={`shape-${id}`}>
          {data.shape ?? '?'}
          {data.params > 0 && <span className="layer-count">{data.params.toLocaleString('en')}</span>}
        </span>
      </div>
      <Handle type="source" position={handles.source} />
    </div>
  )
})
