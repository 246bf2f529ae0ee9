import { useTranslation } from 'react-i18next'
import { getLayer } from '../../../engine/layers'
import { defaultsOf } from '../../../engine/layers/params'
import { fmtShape } from '../canvas/adapters'
import { LayerDocView } from '../learn/LayerDocView'
import { useAnalysis } from '../store/analysis'
import { renameNode, setParam, updateNode } from '../store/doc-ops'
import { useGraph } from '../store/graph'
import { ParamField } from './ParamField'

/** The selected node's form, generated from its registry entry; errors shown in place. */
export function Inspector() {
  const { t } = useTranslation()
  const doc = useGraph((s) => s.doc)
  const selected = useGraph((s) => s.selected)
  const analysis = useAnalysis()
  const node = doc.nodes.find((n) => n.id === selected[0])
  if (!node) return <aside className="inspector">{t('inspector.empty')}</aside>
  const def = getLayer(node.type)
  const apply = useGraph.getState().apply
  const errors = analysis.errors.filter((e) => e.nodeId === node.id)
  const values = { ...(def ? defaultsOf(def.params) : {}), ...(node.params ?? {}) } as Record<string, unknown>
  return (
    <aside className="inspector" data-testid="inspector">
      <h2>
        {t('inspector.title')} · {node.type}
      </h2>
      <LayerDocView kind={node.type} testId="inspector-doc" collapsible />
      <label className="field">
        <span>{t('inspector.id')}</span>
        <input
          key={node.id}
          defaultValue={node.id}
          data-testid="rename"
          onBlur={(e) => {
            const next = e.target.value.trim()
            apply((d) => renameNode(d, node.id, next))
            useGraph.getState().select([next])
          }}
        />
      </label>
      <label className="field">
        <span>{t('inspector.trainable')}</span>
        <input
          type="checkbox"
          checked={node.trainable !== false}
          onChange={(e) => apply((d) => updateNode(d, node.id, { trainable: e.target.checked }))}
        />
      </label>
      <div className="field">
        <span>{t('inspector.output')}</span>
        <code data-testid="inspector-shape">{fmtShape(analysis.summary.get(node.id)?.outputShape)}</code>
      </div>
      {def &&
        Object.entries(def.params).map(([name, spec]) => (
          <ParamField
            key={name}
            name={name}
            spec={spec}
            value={values[name]}
            error={errors.find((e) => e.field === name)?.message}
            onChange={(v) => apply((d) => setParam(d, node.id, name, v))}
          />
        ))}
      {errors
        .filter((e) => !e.field || !(def && e.field in def.params))
        .map((e, i) => (
          <p key={i} className="error-text">
            {e.message}
          </p>
        ))}
    </aside>
  )
}
