import { useMemo } from 'react'
import type { StylizeStepLosses } from '../../../engine/protocol'
import { useChart } from './useChart'

const PARTS = ['total', 'content', 'style', 'tv'] as const

/**
 * A style transfer's weighted losses step by step, on a log axis: the style term starts orders of
 * magnitude above the others, and a linear axis would flatten them into the floor.
 */
export function StyleLossChart(props: {
  losses: StylizeStepLosses[]
  names: Record<(typeof PARTS)[number], string>
  stepLabel: string
}) {
  const { names, stepLabel } = props
  const option = useMemo(
    () => ({
      animation: false,
      grid: { left: 60, right: 30, top: 20, bottom: 52 },
      legend: { data: PARTS.map((p) => names[p]), bottom: 0 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'value', name: stepLabel, min: 1 },
      yAxis: { type: 'log' },
      series: PARTS.map((p) => ({ name: names[p], type: 'line', showSymbol: false, data: [] })),
    }),
    [names, stepLabel],
  )
  const data = useMemo(
    () => ({
      // a log axis has no place for 0 (a weight set to 0)
      series: PARTS.map((p) => ({ data: props.losses.filter((l) => l[p] > 0).map((l) => [l.step, l[p]]) })),
    }),
    [props.losses],
  )
  const el = useChart(option, data)
  return <div ref={el} className="chart" data-testid="style-loss-chart" data-points={props.losses.length} />
}
