import { useMemo } from 'react'
import { useChart } from './useChart'
import type { EpochRecord } from '../../../engine/protocol'

/** Live loss curve: per-batch training loss and per-epoch validation loss on one epoch axis. */
export function LossChart(props: {
  points: [number, number][]
  epochs: EpochRecord[]
  loss: string
  val: string
  /** The x axis' name in the interface's language. */
  epochLabel: string
}) {
  const { loss, val, epochLabel } = props
  // the frame changes only with the language; the curves are merged in on every event
  const option = useMemo(
    () => ({
      animation: false,
      // the legend has its own row under the axis labels, never over them
      grid: { left: 50, right: 50, top: 20, bottom: 52 },
      legend: { data: [loss, val], bottom: 0 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'value', name: epochLabel, min: 0 },
      yAxis: { type: 'value', scale: true },
      series: [
        // long runs reach tens of thousands of points: draw a shape-keeping sample of them
        { name: loss, type: 'line', showSymbol: false, sampling: 'lttb', data: [] },
        { name: val, type: 'line', data: [] },
      ],
    }),
    [loss, val, epochLabel],
  )
  const data = useMemo(
    () => ({
      series: [
        { data: props.points },
        { data: props.epochs.filter((e) => e.valLoss !== null).map((e) => [e.epoch, e.valLoss]) },
      ],
    }),
    [props.points, props.epochs],
  )
  const el = useChart(option, data)
  return <div ref={el} className="chart" data-testid="loss-chart" data-points={props.points.length} />
}
