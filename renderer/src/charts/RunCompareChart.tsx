import { useMemo } from 'react'
import { useChart } from './useChart'

export interface CompareSeries {
  name: string
  colour: string
  points: [number, number][]
  dashed?: boolean
}

/** Per-epoch curves of several runs on one axis; a run keeps its colour across charts. */
export function RunCompareChart(props: { series: CompareSeries[]; testId: string; epochLabel: string }) {
  const option = useMemo(
    () => ({
      animation: false,
      // the legend has its own row under the axis labels, never over them
      grid: { left: 50, right: 50, top: 20, bottom: 52 },
      legend: { type: 'scroll', bottom: 0, data: props.series.filter((s) => !s.dashed).map((s) => s.name) },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'value', name: props.epochLabel, minInterval: 1, min: 'dataMin' },
      yAxis: { type: 'value', scale: true },
      series: props.series.map((s) => ({
        name: s.name,
        type: 'line',
        data: s.points,
        color: s.colour,
        lineStyle: { type: s.dashed ? 'dashed' : 'solid', width: s.dashed ? 1 : 2 },
        symbolSize: s.dashed ? 0 : 5,
      })),
    }),
    [props.series, props.epochLabel],
  )
  const el = useChart(option)
  const runs = props.series.filter((s) => !s.dashed && s.points.length > 0).length
  return <div ref={el} className="compare-chart" data-testid={props.testId} data-runs={runs} />
}
