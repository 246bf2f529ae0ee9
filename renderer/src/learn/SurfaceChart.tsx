import type { CustomSeriesRenderItemAPI } from 'echarts'
import { useMemo } from 'react'
import type { LossGrid, PathPoint } from './linreg'
import { useChart } from '../charts/useChart'

export interface SurfacePath {
  name: string
  color: string
  points: PathPoint[]
}

// the window's ends are arbitrary numbers; their long labels would only add noise
const axis = {
  nameLocation: 'middle',
  axisLabel: { fontSize: 10, showMinLabel: false, showMaxLabel: false },
  splitLine: { show: false },
}

const HEAT = ['#0b1f4b', '#1d4e89', '#2a9d8f', '#e9c46a', '#f4a261', '#e76f51']

/**
 * The loss over (w, b) as a heat map on value axes (ECharts' own heatmap wants category axes, which
 * would not line up with the path), with each optimizer path drawn up to the step being shown.
 */
export function SurfaceChart(props: {
  grid: LossGrid
  window: { w: [number, number]; b: [number, number] }
  best: { w: number; b: number }
  paths: SurfacePath[]
  title?: string
  small?: boolean
  /** Axis names; (w, b) unless the surface is over other parameters. */
  axes?: [string, string]
  testId: string
}) {
  const { grid, window: win } = props
  const heat = useMemo(() => {
    const logs = grid.cells.map(([w, b, l]) => [w, b, Math.log10(l + 1e-12)])
    const values = logs.map((c) => c[2])
    return { logs, min: Math.min(...values), max: Math.max(...values) }
  }, [grid])
  const option = useMemo(() => {
    const dw = (win.w[1] - win.w[0]) / grid.ws.length
    const db = (win.b[1] - win.b[0]) / grid.bs.length
    return {
      animation: false,
      title: props.title ? { text: props.title, left: 'center', textStyle: { fontSize: 12 } } : undefined,
      grid: { left: 44, right: 12, top: props.title ? 26 : 12, bottom: 40 },
      tooltip: { trigger: 'item' },
      xAxis: {
        type: 'value',
        name: props.axes?.[0] ?? 'w',
        ...axis,
        nameGap: 22,
        min: win.w[0],
        max: win.w[1],
      },
      yAxis: {
        type: 'value',
        name: props.axes?.[1] ?? 'b',
        ...axis,
        nameGap: 26,
        min: win.b[0],
        max: win.b[1],
      },
      visualMap: {
        show: false,
        dimension: 2,
        seriesIndex: 0,
        min: heat.min,
        max: heat.max,
        inRange: { color: HEAT },
      },
      series: [
        {
          type: 'custom',
          silent: true,
          data: heat.logs,
          renderItem: (_params: unknown, api: CustomSeriesRenderItemAPI) => {
            const w = Number(api.value(0))
            const b = Number(api.value(1))
            const [x0, y0] = api.coord([w - dw / 2, b + db / 2])
            const [x1, y1] = api.coord([w + dw / 2, b - db / 2])
            // one pixel of overlap hides the seams between neighbouring cells
            return {
              type: 'rect',
              shape: { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 },
              style: { fill: api.visual('color') as string },
            }
          },
        },
        ...props.paths.map((p) => ({
          type: 'line',
          name: p.name,
          data: p.points.map((q) => [q.w, q.b, q.loss]),
          color: p.color,
          symbolSize: 4,
          lineStyle: { width: 2 },
          tooltip: { valueFormatter: (v: unknown) => String(v) },
        })),
        {
          type: 'scatter',
          data: [[props.best.w, props.best.b]],
          symbol: 'diamond',
          symbolSize: 12,
          itemStyle: { color: '#ffffff', borderColor: '#111', borderWidth: 1 },
        },
      ],
    }
  }, [grid, win, heat, props.paths, props.best, props.title, props.axes])
  const el = useChart(option)
  return (
    <div ref={el} className={props.small ? 'learn-chart small' : 'learn-chart'} data-testid={props.testId} />
  )
}
