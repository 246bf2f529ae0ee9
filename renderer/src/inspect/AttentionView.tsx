import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { LayerActivation } from '../../../engine/protocol'
import { useInspect } from '../store/inspect'
import { useChart, type ChartOption } from './useChart'

/** One head's weights: rows are query positions, columns the key positions they attend to. */
export function attentionOption(weights: number[][]): ChartOption {
  const q = weights.length
  const k = weights[0]?.length ?? 0
  return {
    animation: false,
    grid: { left: 40, right: 70, top: 10, bottom: 36 },
    tooltip: { position: 'top' },
    xAxis: {
      type: 'category',
      data: Array.from({ length: k }, (_, i) => i),
      name: 'key',
      nameLocation: 'middle',
      nameGap: 22,
    },
    yAxis: { type: 'category', data: Array.from({ length: q }, (_, i) => i), name: 'query', inverse: true },
    visualMap: {
      min: 0,
      max: 1,
      calculable: false,
      right: 0,
      top: 'middle',
      inRange: { color: ['#f8fafc', '#1d4ed8'] },
    },
    series: [
      { type: 'heatmap', data: weights.flatMap((row, i) => row.map((v, j) => [j, i, +v.toFixed(4)])) },
    ],
  }
}

function AttentionLayer({ layer }: { layer: LayerActivation }) {
  const { t } = useTranslation()
  const [head, setHead] = useState(0)
  const att = layer.attention!
  const heads = 'heads' in att ? att.heads : []
  const option = useMemo(() => (heads[head] ? attentionOption(heads[head]) : null), [heads, head])
  const ref = useChart(option)
  return (
    <figure className="inspect-attention-layer" data-testid={`attention-${layer.node}`}>
      <figcaption>
        <b>{layer.node}</b> {layer.kind}{' '}
        {heads.length > 1 && (
          <select value={head} onChange={(e) => setHead(Number(e.target.value))}>
            {heads.map((_, i) => (
              <option key={i} value={i}>
                {t('inspect.head', { n: i + 1 })}
              </option>
            ))}
          </select>
        )}
      </figcaption>
      {'unavailable' in att && <p className="muted">{att.unavailable}</p>}
      <div ref={ref} className="inspect-chart" hidden={!heads.length} />
    </figure>
  )
}

/** Attention weights of every attention layer for the chosen sample, one head at a time. */
export function AttentionView() {
  const { t } = useTranslation()
  const a = useInspect((s) => s.activations)
  const runId = useInspect((s) => s.runId)
  useEffect(() => {
    if (!a.key.startsWith(`${runId}/`)) void useInspect.getState().loadActivations(0)
  }, [a.key, runId])
  const layers = a.result?.layers.filter((l) => l.attention) ?? []
  return (
    <div className="inspect-attention" data-testid="inspect-attention">
      {a.loading && <p className="muted">{t('inspect.computing')}</p>}
      {a.error && <p className="error-text">{a.error}</p>}
      {a.result && (
        <p className="muted">
          {t('inspect.attentionSample', { index: a.result.sample.index, label: a.result.sample.label })}
        </p>
      )}
      <div className="inspect-charts">
        {layers.map((l) => (
          <AttentionLayer key={l.node} layer={l} />
        ))}
      </div>
    </div>
  )
}
