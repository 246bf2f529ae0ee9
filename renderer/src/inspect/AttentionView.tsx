import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useRunActivations } from './useRunActivations'
import type { LayerActivation } from '../../../engine/protocol'
import { useChart, type ChartOption } from '../charts/useChart'
import { HEAT_SCALE } from '../charts/heat'

/** One head's weights: rows are query positions, columns the key positions they attend to. */
export function attentionOption(weights: number[][], tokens: string[] | null): ChartOption {
  const q = weights.length
  const k = weights[0]?.length ?? 0
  // self-attention over the input tokens: label positions with the tokens themselves
  const names = (n: number) =>
    Array.from({ length: n }, (_, i) => (tokens?.length === n ? `${i} ${tokens[i]}` : i))
  return {
    animation: false,
    grid: { left: tokens ? 70 : 40, right: 70, top: 10, bottom: tokens ? 64 : 36 },
    tooltip: { position: 'top' },
    xAxis: {
      type: 'category',
      data: names(k),
      name: 'key',
      nameLocation: 'middle',
      nameGap: tokens ? 52 : 22,
      axisLabel: { rotate: tokens ? 90 : 0 },
    },
    yAxis: { type: 'category', data: names(q), name: 'query', inverse: true },
    visualMap: {
      min: 0,
      max: 1,
      calculable: false,
      right: 0,
      top: 'middle',
      inRange: { color: HEAT_SCALE },
    },
    series: [
      { type: 'heatmap', data: weights.flatMap((row, i) => row.map((v, j) => [j, i, +v.toFixed(4)])) },
    ],
  }
}

function AttentionLayer({ layer, tokens }: { layer: LayerActivation; tokens: string[] | null }) {
  const { t } = useTranslation()
  const [head, setHead] = useState(0)
  const att = layer.attention!
  const heads = 'heads' in att ? att.heads : []
  const option = useMemo(
    () => (heads[head] ? attentionOption(heads[head], tokens) : null),
    [heads, head, tokens],
  )
  const ref = useChart(option)
  return (
    <figure
      className="inspect-attention-layer"
      data-testid={`attention-${layer.node}`}
      data-heads={heads.length}
    >
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
  const a = useRunActivations()
  const layers = a.result?.layers.filter((l) => l.attention) ?? []
  const s = a.result?.sample
  // token ids read through the vocabulary when the inputs are tokens of it
  const tokens = useMemo(
    () =>
      s?.classNames && s.x.every((v) => Number.isInteger(v) && v >= 0 && v < s.classNames!.length)
        ? s.x.map((v) => s.classNames![v])
        : null,
    [s],
  )
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
          <AttentionLayer key={l.node} layer={l} tokens={tokens} />
        ))}
      </div>
    </div>
  )
}
