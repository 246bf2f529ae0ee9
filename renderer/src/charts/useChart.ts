import { CustomChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts'
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

// every chart kind the app draws, registered once for all panels
echarts.use([
  CustomChart,
  HeatmapChart,
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

/**
 * An ECharts instance bound to the returned div, following its size, showing `option` (replaced
 * whole whenever it changes identity; null leaves the chart as it is).
 */
export function useChart(option: ChartOption | null) {
  const el = useRef<HTMLDivElement>(null)
  const chart = useRef<echarts.ECharts | null>(null)
  useEffect(() => {
    chart.current = echarts.init(el.current!)
    const resize = () => chart.current?.resize()
    window.addEventListener('resize', resize)
    // the bottom panel can change height without a window resize (splitter, taller tabs)
    const observer = new ResizeObserver(resize)
    observer.observe(el.current!)
    return () => {
      observer.disconnect()
      window.removeEventListener('resize', resize)
      chart.current?.dispose()
    }
  }, [])
  useEffect(() => {
    if (option) chart.current?.setOption(option, { notMerge: true })
  }, [option])
  return el
}
