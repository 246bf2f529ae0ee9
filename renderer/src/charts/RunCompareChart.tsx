import { LineChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { useEffect, useRef } from 'react'

echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer])

export interface CompareSeries {
  name: string
  colour: string
  points: [number, number][]
  dashed?: boolean
}

/** Per-epoch curves of several runs on one axis; a run keeps its colour across charts. */
export function RunCompareChart(props: { series: CompareSeries[]; testId: string }) {
  const el = useRef<HTMLDivElement>(null)
  const chart = useRef<echarts.ECharts | null>(null)
  useEffect(() => {
    chart.current = echarts.init(el.current!)
    const resize = () => chart.current?.resize()
    window.addEventListener('resize', resize)
    return () => {
      window.removeEventListener('resize', resize)
      chart.current?.dispose()
    }
  }, [])
  useEffect(() => {
    chart.current?.setOption(
      {
        animation: false,
        grid: { left: 50, right: 20, top: 40, bottom: 30 },
        legend: { type: 'scroll', data: props.series.filter((s) => !s.dashed).map((s) => s.name) },
        tooltip: { trigger: 'axis' },
        xAxis: { type: 'value', name: 'epoch', minInterval: 1, min: 'dataMin' },
        yAxis: { type: 'value', scale: true },
        series: props.series.map((s) => ({
          name: s.name,
          type: 'line',
          data: s.points,
          color: s.colour,
          lineStyle: { type: s.dashed ? 'dashed' : 'solid', width: s.dashed ? 1 : 2 },
          symbolSize: s.dashed ? 0 : 5,
        })),
      },
      { notMerge: true },
    )
  }, [props.series])
  const runs = props.series.filter((s) => !s.dashed && s.points.length > 0).length
  return <div ref={el} className="compare-chart" data-testid={props.testId} data-runs={runs} />
}
