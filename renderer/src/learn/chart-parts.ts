/** The pieces every lesson chart shares, so the lessons look alike and differ only in their data. */
import type { TFunction } from 'i18next'
import { POLY_TRAIN, POLY_VAL } from './polyLessonData'

/** No animation (lessons redraw as sliders move), a small legend on top, the given margins. */
export function lessonChart(grid: { left: number; top: number; bottom: number }) {
  return {
    animation: false,
    legend: { top: 0, textStyle: { fontSize: 11 } },
    grid: { right: 12, ...grid },
  }
}

/** A value axis with its name centred below it. */
export function namedAxis(name: string, range: { min?: number; max?: number; interval?: number } = {}) {
  return { type: 'value', name, nameLocation: 'middle', nameGap: 22, ...range }
}

/** The polynomial lessons' validation (light, small) and training (darker, large) points, seen on both themes. */
export function polyPointSeries(t: TFunction) {
  return [
    {
      type: 'scatter',
      name: t('learn.valPoints'),
      color: '#cbd5e1',
      symbolSize: 4,
      data: POLY_VAL.x.map((x, i) => [x, POLY_VAL.y[i]]),
    },
    {
      type: 'scatter',
      name: t('learn.trainPoints'),
      color: '#64748b',
      symbolSize: 7,
      data: POLY_TRAIN.x.map((x, i) => [x, POLY_TRAIN.y[i]]),
    },
  ]
}
