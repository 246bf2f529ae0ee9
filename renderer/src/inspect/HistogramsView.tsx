import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Histogram } from '../../../engine/protocol'
import type { HistogramsEvent } from '../store/inspect'
import { commonBins } from './rebin'
import { useChart, type ChartOption } from '../charts/useChart'
import { HEAT_SCALE } from '../charts/heat'

const label = (l: { node: string; param: string }) => (l.param ? `${l.node}/${l.param}` : l.node)

function overEpochs(events: HistogramsEvent[], name: string, f: 'weights' | 'grads') {
  return events.flatMap((e) => {
    const l = e.layers.find((x) => label(x) === name)
    return l ? [{ epoch: e.epoch, h: l[f] }] : []
  })
}

/**
 * Histograms over epochs as a heat-map: epochs left to right, values bottom to top, colour the
 * share of the tensor's values. Spreading weights widen the band; vanishing gradients squeeze it.
 */
export function histogramHeatmap(hists: { epoch: number; h: Histogram }[], epochLabel: string): ChartOption {
  const bins = 30
  const { min, max, shares } = commonBins(
    hists.map((x) => x.h),
    bins,
  )
  const width = (max - min) / bins
  const peak = Math.max(1e-9, ...shares.flat())
  return {
    animation: false,
    grid: { left: 64, right: 16, top: 12, bottom: 36 },
    tooltip: { position: 'top' },
    xAxis: {
      type: 'category',
      data: hists.map((x) => x.epoch),
      name: epochLabel,
      nameLocation: 'middle',
      nameGap: 22,
    },
    yAxis: {
      type: 'category',
      data: Array.from({ length: bins }, (_, i) => (min + (i + 0.5) * width).toPrecision(2)),
    },
    visualMap: { show: false, min: 0, max: peak, inRange: { color: HEAT_SCALE } },
    series: [
      {
        type: 'heatmap',
        data: shares.flatMap((row, e) => row.map((v, i) => [e, i, +v.toFixed(4)])),
      },
    ],
  }
}

/** Weight and gradient histograms of one weight over epochs, and every kernel's gradient norm. */
export function HistogramsView({ events }: { events: HistogramsEvent[] }) {
  const { t } = useTranslation()
  const names = useMemo(() => events[0]?.layers.map(label) ?? [], [events])
  const [chosen, setChosen] = useState('')
  const name = names.includes(chosen) ? chosen : (names.find((n) => n.endsWith('/kernel')) ?? names[0])
  const weights = useMemo(
    () => histogramHeatmap(overEpochs(events, name, 'weights'), t('axis.epoch')),
    [events, name, t],
  )
  const grads = useMemo(
    () => histogramHeatmap(overEpochs(events, name, 'grads'), t('axis.epoch')),
    [events, name, t],
  )
  const norms = useMemo<ChartOption>(() => {
    const kernels = (events[0]?.layers ?? []).filter((l) => l.param.endsWith('kernel'))
    const shown = kernels.length ? kernels : (events[0]?.layers ?? [])
    return {
      animation: false,
      grid: { left: 56, right: 12, top: 30, bottom: 28 },
      tooltip: { trigger: 'axis' },
      legend: { type: 'scroll', top: 0 },
      xAxis: { type: 'value', name: t('axis.epoch'), minInterval: 1, nameLocation: 'middle', nameGap: 20 },
      yAxis: { type: 'log' },
      series: shown.map((k) => ({
        type: 'line',
        name: label(k),
        showSymbol: events.length <= 20,
        data: events.map((e) => {
          const l = e.layers.find((x) => label(x) === label(k))
          // a log axis has no zero: an exactly-zero gradient is drawn at the floor
          return [e.epoch, Math.max(l?.grads.norm ?? 0, 1e-12)]
        }),
      })),
    }
  }, [events])
  const wRef = useChart(weights)
  const gRef = useChart(grads)
  const nRef = useChart(norms)
  const last = events.at(-1)?.layers.find((l) => label(l) === name)
  return (
    <div className="inspect-histograms" data-testid="inspect-histograms" data-epochs={events.length}>
      <div className="inspect-row">
        <label>
          {t('inspect.weight')}{' '}
          <select data-testid="histogram-layer" value={name} onChange={(e) => setChosen(e.target.value)}>
            {names.map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        </label>
        {last && (
          <span className="muted">
            {t('inspect.stats', {
              shape: last.shape.join('×'),
              mean: last.weights.mean.toPrecision(3),
              std: last.weights.std.toPrecision(3),
              norm: last.grads.norm.toPrecision(3),
            })}
          </span>
        )}
      </div>
      {!events.length && <p className="muted">{t('inspect.noHistograms')}</p>}
      <div className="inspect-charts">
        <figure>
          <figcaption>{t('inspect.weightsOverEpochs')}</figcaption>
          <div ref={wRef} className="inspect-chart" />
        </figure>
        <figure>
          <figcaption>{t('inspect.gradsOverEpochs')}</figcaption>
          <div ref={gRef} className="inspect-chart" />
        </figure>
        <figure>
          <figcaption>{t('inspect.gradNormTitle')}</figcaption>
          <div ref={nRef} className="inspect-chart" data-testid="grad-norm-chart" />
        </figure>
      </div>
    </div>
  )
}
