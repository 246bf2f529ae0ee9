import { useMemo } from 'react'
import { useChart } from './useChart'
import type { EpochRecord } from '../../../engine/protocol'

/** Live loss curve: per-batch training loss and per-epoch validation loss on one epoch axis. */
export function LossChart(props: {
  points: [number, number][]
  epochs: EpochRecord[]
  labels: { loss: string; val: string }
}) {
  const option = useMemo(
    () => ({
      animation: false,
      grid: { left: 50, right: 20, top: 30, bottom: 30 },
      legend: { data: [props.labels.loss, props.labels.val] },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'value', name: 'epoch', min: 0 },
      yAxis: { type: 'value', scale: true },
      series: [
        { name: props.labels.loss, type: 'line', showSymbol: false, data: props.points },
        {
          name: props.labels.val,
          type: 'line',
          data: props.epochs.filter((e) => e.valLoss !== null).map((e) => [e.epoch, e.valLoss]),
        },
      ],
    }),
    [props.points, props.epochs, props.labels],
  )
  const el = useChart(option)
  return <div ref={el} className="chart" data-testid="loss-chart" data-points={props.points.length} />
}
