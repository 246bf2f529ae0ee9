import { useMemo } from 'react'
import { useChart } from './useChart'
import type { Confusion } from '../../../engine/protocol'
import { HEAT_SCALE } from './heat'

/** Up to this many classes the counts are written in the cells; beyond, colour alone. */
const LABELLED_CLASSES = 12

/**
 * Heat-map of the validation confusion matrix. Cells are coloured by their share of the row
 * (recall), so a rare class is as readable as a common one; the tooltip gives the count.
 */
export function ConfusionMatrix(props: {
  confusion: Confusion
  names: string[]
  labels: { truth: string; predicted: string }
}) {
  const { matrix } = props.confusion
  const k = matrix.length
  // the frame (axes, labels) stays while training; each epoch end merges in new cells only
  const option = useMemo(() => {
    return {
      animation: false,
      grid: { left: 80, right: 10, top: 10, bottom: 60 },
      tooltip: {
        formatter: (x: { data: { value: number[]; count: number } }) =>
          `${props.labels.truth}: ${props.names[x.data.value[1]]}<br>${props.labels.predicted}: ${props.names[x.data.value[0]]}<br>${x.data.count} (${(x.data.value[2] * 100).toFixed(1)}%)`,
      },
      xAxis: {
        type: 'category',
        data: props.names,
        name: props.labels.predicted,
        nameLocation: 'center',
        nameGap: 45,
        axisLabel: { rotate: 45, fontSize: 9, interval: 0 },
      },
      yAxis: {
        type: 'category',
        data: props.names,
        inverse: true,
        axisLabel: { fontSize: 9, interval: 0 },
      },
      visualMap: { show: false, min: 0, max: 1, dimension: 2, inRange: { color: HEAT_SCALE } },
      series: [
        {
          type: 'heatmap',
          data: [],
          label: {
            show: k <= LABELLED_CLASSES,
            fontSize: 9,
            formatter: (x: { data: { count: number } }) => String(x.data.count),
          },
        },
      ],
    }
  }, [k, props.names, props.labels])
  const data = useMemo(
    () => ({
      series: [
        {
          data: matrix.flatMap((row, t) => {
            const total = row.reduce((a, b) => a + b, 0) || 1
            // y runs top to bottom so the first class is the first row, as in the textbook layout
            return row.map((count, p) => ({ value: [p, t, count / total], count }))
          }),
        },
      ],
    }),
    [matrix],
  )
  const el = useChart(option, data)
  return (
    <div ref={el} className="confusion-chart" data-testid="confusion-matrix" data-classes={matrix.length} />
  )
}
