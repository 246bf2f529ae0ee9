import { Handle, Position, type NodeProps, type Node } from '@xyflow/react'
import type { LayerNodeData } from './adapters'

/** One layer on the canvas: colour by category, key parameters, output shape, engine error. */
export function LayerNode({ id, data, selected }: NodeProps<Node<LayerNodeData>>) {
  return (
    <div
      className={`layer-node cat-${data.category}${data.error ? ' has-error' : ''}${selected ? ' selected' : ''}`}
      data-testid={`node-${id}`}
      title={data.error ?? undefined}
    >
      {data.hasInputs && <Handle type="target" position={Position.Top} />}
      <div className="layer-head">
        <span className="layer-type">{data.type}</span>
        <span className="layer-id">{id}</span>
      </div>
      {data.keyParams && <div className="layer-params">{data.keyParams}</div>}
      <div className="layer-shape" data-testid={`shape-${id}`}>
        {data.shape ?? '?'}
        {data.params > 0 && <span className="layer-count">{data.params.toLocaleString('en')}</span>}
      </div>
      {data.error && (
        <div className="layer-error" data-testid={`error-${id}`}>
          {data.error}
        </div>
      )}
      <Handle type="source" position={Position.Bottom} />
    </div>
  )
}
