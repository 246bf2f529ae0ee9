import { CustomChart, LineChart, ScatterChart } from 'echarts/charts'
import {
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { useEffect, useRef } from 'react'

echarts.use([
  CustomChart,
  LineChart,
  ScatterChart,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
])

export type ChartOption = echarts.EChartsCoreOption

/** An ECharts instance bound to the returned div, re-rendered whenever `option` changes identity. */
export function useChart(option: ChartOption) {
  const el = useRef<HTMLDivElement>(null)
  const chart = useRef<echarts.ECharts | null>(null)
  useEffect(() => {
    chart.current = echarts.init(el.current!)
    const resize = () => chart.current?.resize()
    window.addEventListener('resize', resize)
    // the panel can change size without a window resize (the Learn tab enlarges the bottom area)
    const observer = new ResizeObserver(resize)
    observer.observe(el.current!)
    return () => {
      observer.disconnect()
      window.removeEventListener('resize', resize)
      chart.current?.dispose()
    }
  }, [])
  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true })
  }, [option])
  return el
}
