import { useEffect, useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import type { BoundaryResult } from '../../../engine/protocol'
import { useInspect } from '../store/inspect'
import { boundaryEdges } from './boundary-edges'
import { useChart, type ChartOption } from '../charts/useChart'

// the range ends are arbitrary reals (data extent plus a margin): show them like the other ticks
const tick = (v: number) => String(+v.toFixed(2))

const CLASS_COLOURS = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#65a30d']

/** The model's output over the input plane as coloured cells, with the data points on top. */
export function boundaryOption(b: BoundaryResult, t: (k: string) => string): ChartOption {
  const n = b.resolution
  const dx = (b.xRange[1] - b.xRange[0]) / n
  const dy = (b.yRange[1] - b.yRange[0]) / n
  const cells = b.grid.map((v, i) => [b.xRange[0] + (i % n) * dx, b.yRange[0] + Math.floor(i / n) * dy, v])
  const classes = b.classNames?.length ?? Math.max(2, ...b.points.map((p) => p.label + 1))
  const name = (k: number) => b.classNames?.[k] ?? String(k)
  const visualMap =
    b.value === 'class'
      ? {
          type: 'piecewise',
          seriesIndex: 0,
          dimension: 2,
          pieces: Array.from({ length: classes }, (_, k) => ({
            value: k,
            label: name(k),
            color: CLASS_COLOURS[k % 8],
          })),
          inRange: { opacity: 0.35 },
          right: 0,
        }
      : {
          type: 'continuous',
          seriesIndex: 0,
          dimension: 2,
          min: b.value === 'probability' ? 0 : Math.min(...b.grid),
          max: b.value === 'probability' ? 1 : Math.max(...b.grid),
          inRange: { color: ['#93c5fd', '#f8fafc', '#fca5a5'] },
          text: b.value === 'probability' ? [`P(${name(1)})`, ''] : [t('inspect.output'), ''],
          calculable: false,
          right: 0,
          itemHeight: 120,
        }
  const scatter = (val: boolean) => ({
    type: 'scatter',
    name: val ? t('inspect.valPoints') : t('inspect.trainPoints'),
    symbol: val ? 'diamond' : 'circle',
    symbolSize: val ? 8 : 6,
    // the legend shows the marker shape; each point carries its class colour
    itemStyle: { color: '#64748b' },
    data: b.points
      .filter((p) => p.val === val)
      .map((p) => ({
        value: [p.x, p.y],
        itemStyle: { color: CLASS_COLOURS[p.label % 8], borderColor: '#111', borderWidth: 0.6 },
      })),
  })
  return {
    animation: false,
    grid: { left: 44, right: 90, top: 40, bottom: 28 },
    legend: { data: [t('inspect.trainPoints'), t('inspect.valPoints')], top: 0, left: 60 },
    tooltip: { trigger: 'item' },
    xAxis: { type: 'value', min: b.xRange[0], max: b.xRange[1], name: 'x₁', axisLabel: { formatter: tick } },
    yAxis: { type: 'value', min: b.yRange[0], max: b.yRange[1], name: 'x₂', axisLabel: { formatter: tick } },
    visualMap,
    series: [
      {
        type: 'custom',
        silent: true,
        data: cells,
        // plain rectangles on value axes: echarts' heatmap wants category axes, and the points do not
        renderItem: (
          _p: unknown,
          api: { value(i: number): number; coord(v: number[]): number[]; visual(k: string): string },
        ) => {
          const [x0, y0] = api.coord([api.value(0), api.value(1)])
          const [x1, y1] = api.coord([api.value(0) + dx, api.value(1) + dy])
          return {
            type: 'rect',
            shape: { x: x0, y: y1, width: x1 - x0 + 0.5, height: y0 - y1 + 0.5 },
            style: { fill: api.visual('color') },
          }
        },
      },
      {
        type: 'custom',
        silent: true,
        data: boundaryEdges(b),
        renderItem: (_p: unknown, api: { value(i: number): number; coord(v: number[]): number[] }) => {
          const [x1, y1] = api.coord([api.value(0), api.value(1)])
          const [x2, y2] = api.coord([api.value(2), api.value(3)])
          return { type: 'line', shape: { x1, y1, x2, y2 }, style: { stroke: '#111827', lineWidth: 1.5 } }
        },
      },
      scatter(false),
      scatter(true),
    ],
  }
}

/** Where a 2-D classifier changes its mind, drawn over the data it was trained on. */
export function BoundaryView() {
  const { t } = useTranslation()
  const b = useInspect((s) => s.boundary)
  const runId = useInspect((s) => s.runId)
  useEffect(() => void useInspect.getState().loadBoundary(), [runId])
  const option = useMemo(() => (b.result ? boundaryOption(b.result, t) : null), [b.result, t])
  const ref = useChart(option)
  return (
    <div
      className="inspect-boundary"
      data-testid="inspect-boundary"
      data-loaded={!!b.result}
      data-edges={b.result ? boundaryEdges(b.result).length : 0}
    >
      {b.loading && <p className="muted">{t('inspect.computing')}</p>}
      {b.error && <p className="error-text">{b.error}</p>}
      {b.result?.accuracy != null && (
        <p data-testid="boundary-accuracy" data-accuracy={b.result.accuracy}>
          {t('inspect.valAccuracy', { pct: (100 * b.result.accuracy).toFixed(1) })}
        </p>
      )}
      <div ref={ref} className="inspect-chart inspect-boundary-chart" />
    </div>
  )
}
