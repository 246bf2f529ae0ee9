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
import { useTheme, type Theme } from '../store/theme'
import { themedHeat } from './heat'

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
  const shown = useRef(option)
  shown.current = option
  const drawn = useRef<ChartOption | null>(null)
  // ECharts takes its theme at init: a theme change draws the chart again in a new instance
  const theme = useTheme((s) => s.theme)
  useEffect(() => {
    const c = echarts.init(el.current!, theme === 'dark' ? 'dark' : undefined)
    chart.current = c
    if (shown.current) {
      draw(c, shown.current, latest.current, theme)
      drawn.current = shown.current
      applied.current = latest.current
    }
    const resize = () => c.resize()
    window.addEventListener('resize', resize)
    // the bottom panel can change height without a window resize (splitter, taller tabs)
    const observer = new ResizeObserver(resize)
    observer.observe(el.current!)
    return () => {
      observer.disconnect()
      window.removeEventListener('resize', resize)
      c.dispose()
    }
  }, [theme])
  useEffect(() => {
    if (!option || !chart.current || option === drawn.current) return
    draw(chart.current, option, latest.current, useTheme.getState().theme)
    drawn.current = option
    applied.current = latest.current
  }, [option])
  useEffect(() => {
    if (!data || data === applied.current) return
    chart.current?.setOption(data, { lazyUpdate: true })
    applied.current = data
  }, [data])
  return el
}

/** The whole option, then the live series data merged over it (a new frame drops the old data). */
function draw(chart: echarts.ECharts, option: ChartOption, data: ChartOption | null, theme: Theme) {
  // canvas text does not follow the page's CSS: give it the page's fonts (the bundled CJK one
  // included), and draw again once a web font has arrived; the panel's own colour shows through
  const fontFamily = getComputedStyle(document.body).fontFamily
  chart.setOption(
    { textStyle: { fontFamily }, backgroundColor: 'transparent', ...themedHeat(option, theme) },
    { notMerge: true },
  )
  void document.fonts?.ready.then(() => {
    if (!chart.isDisposed()) chart.resize({ animation: { duration: 0 } })
  })
  if (data) chart.setOption(data)
}
