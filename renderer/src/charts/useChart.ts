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
 * whole whenever it changes identity; null leaves the chart as it is). Live charts pass their
 * changing series as `data`, merged over `option`: an update then redraws the series without
 * rebuilding axes, legend and grid, and is drawn on the next animation frame instead of inside
 * React's commit (a full rebuild on every training event blocked the page for 50–150 ms).
 */
export function useChart(option: ChartOption | null, data: ChartOption | null = null) {
  const el = useRef<HTMLDivElement>(null)
  const chart = useRef<echarts.ECharts | null>(null)
  const latest = useRef(data)
  latest.current = data
  const applied = useRef<ChartOption | null>(null)
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
    if (!option) return
    // canvas text does not follow the page's CSS: give it the page's fonts (the bundled CJK one
    // included), and draw again once a web font has arrived
    const fontFamily = getComputedStyle(document.body).fontFamily
    chart.current?.setOption({ textStyle: { fontFamily }, ...option }, { notMerge: true })
    void document.fonts?.ready.then(() => chart.current?.resize({ animation: { duration: 0 } }))
    // a new frame drops the series data merged into the old one
    if (latest.current) chart.current?.setOption(latest.current)
    applied.current = latest.current
  }, [option])
  useEffect(() => {
    if (!data || data === applied.current) return
    chart.current?.setOption(data, { lazyUpdate: true })
    applied.current = data
  }, [data])
  return el
}
