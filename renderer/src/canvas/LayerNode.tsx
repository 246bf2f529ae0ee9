import { Handle, useReactFlow, type NodeProps, type Node } from '@xyflow/react'
import { memo } from 'react'
import { useTranslation } from 'react-i18next'
import { useBlockView } from '../store/graph'
import type { LayerNodeData } from './adapters'
import { BELOW_TOOLBAR } from './BlockToolbar'
import { useHandlePositions } from '../store/flow'
import './frozen.css'

/** Open/close button of a block instance; `nodrag` keeps the click from starting a drag. */
export function BlockToggle({ data }: { data: LayerNodeData }) {
  const { t } = useTranslation()
  const rf = useReactFlow()
  if (!data.block) return null
  const { expanded, path } = data.block
  return (
    <button
      className="block-toggle nodrag"
      data-testid={`toggle-${path}`}
      title={expanded ? t('blocks.collapse') : t('blocks.expand')}
      aria-expanded={expanded}
      onClick={(e) => {
        e.stopPropagation()
        useBlockView.getState().toggle(path)
        // bring what was opened into view once React Flow has drawn and measured it
        if (!expanded)
          setTimeout(() => void rf.fitView({ nodes: [{ id: path }], padding: BELOW_TOOLBAR, maxZoom: 1 }), 60)
      }}
    >
      {expanded ? '▾' : '▸'}
    </button>
  )
}

/** The frozen weights of a node: a snowflake and their count (only frozen nodes pay for the hook). */
function FrozenBadge({ id, count }: { id: string; count: number }) {
  const { t } = useTranslation()
  return (
    <span className="layer-frozen" data-testid={`frozen-${id}`} title={t('finetune.frozen')}>
      ❄ {t('finetune.frozenCount', { n: count.toLocaleString('en') })}
    </span>
  )
}

/**
 * A node's type and name (its label, else its id): cut with "…" when longer than the card, the
 * whole of each in its tooltip.
 */
export function NodeNames({ id, data }: { id: string; data: LayerNodeData }) {
  const own = id.slice(id.lastIndexOf('/') + 1)
  return (
    <>
      <span className="layer-type" title={data.type}>
        {data.type}
      </span>
      <RepeatBadge data={data} />
      <span
        className="layer-id"
        data-testid={`name-${id}`}
        title={data.label ? `${data.label} (${own})` : own}
      >
        {data.label ?? own}
      </span>
    </>
  )
}

export const RepeatBadge = ({ data }: { data: LayerNodeData }) =>
  data.block?.repeat != null ? (
    <span className="block-repeat" data-testid={`repeat-${data.block.path}`}>
      ×{data.block.repeat}
    </span>
  ) : null

/**
 * One layer (or closed block) on the canvas: colour by category, key parameters, output shape,
 * engine error. Memoised: with a thousand nodes, only those whose data changed re-render.
 */
export const LayerNode = memo(function LayerNode({ id, data, selected }: NodeProps<Node<LayerNodeData>>) {
  const handles = useHandlePositions()
  return (
    <div
      className={`layer-node cat-${data.category}${data.error ? ' has-error' : ''}${selected ? ' selected' : ''}${data.frozen ? ' frozen' : ''}`}
      data-testid={`node-${id}`}
      title={data.error ?? undefined}
    >
      {data.hasInputs && <Handle type="target" position={handles.target} />}
      <div className="layer-head">
        {/* its hooks (translation, React Flow's store) cost every plain layer a mount: skip them */}
        {data.block && <BlockToggle data={data} />}
        <NodeNames id={id} data={data} />
      </div>
      {data.keyParams && (
        <div className="layer-params" title={data.keyParams}>
          {data.keyParams}
        </div>
      )}
      <div className="layer-shape" data-testid={`shape-${id}`}>
        <span className="layer-shape-text">{data.shape ?? '?'}</span>
        {data.params > 0 && <span className="layer-count">{data.params.toLocaleString('en')}</span>}
        {data.frozen > 0 && <FrozenBadge id={id} count={data.frozen} />}
      </div>
      {data.error && (
        <div className="layer-error" data-testid={`error-${id}`}>
          {data.error}
        </div>
      )}
      {/* the level-of-detail face, shown instead of the rest when zoomed out (.canvas.lod) */}
      <div className="layer-lod" aria-hidden>
        <b title={data.label ?? data.type}>{data.label ?? data.type}</b>
        <span>{data.shape ?? '?'}</span>
      </div>
      <Handle type="source" position={handles.source} />
    </div>
  )
})
