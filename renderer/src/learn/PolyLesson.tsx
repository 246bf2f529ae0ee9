import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { lessonChart, namedAxis, polyPointSeries } from './chart-parts'
import { CURVE_X, POLY_TRAIN, POLY_VAL, fmtErr } from './polyLessonData'
import { TRUE_CUBIC, capacityCurve, evalPoly, fitPolynomial, meanSquaredError } from './polyfit'
import { RangeField } from './NumberField'
import { useChart } from '../charts/useChart'

const MAX_DEGREE = 12
const DECAYS = [0, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1]
const Y_RANGE = { min: -5, max: 4 }

export function PolyLesson() {
  const { t } = useTranslation()
  const [degree, setDegree] = useState(3)
  const [decayIndex, setDecayIndex] = useState(0)
  const lambda = DECAYS[decayIndex]
  const curve = useMemo(() => capacityCurve(POLY_TRAIN, POLY_VAL, MAX_DEGREE, lambda), [lambda])
  const coef = useMemo(() => fitPolynomial(POLY_TRAIN, degree, lambda), [degree, lambda])
  const plainCoef = useMemo(() => fitPolynomial(POLY_TRAIN, degree, 0), [degree])
  const train = meanSquaredError(coef, POLY_TRAIN)
  const val = meanSquaredError(coef, POLY_VAL)
  const capacityOption = useMemo(
    () => ({
      ...lessonChart({ left: 50, top: 40, bottom: 36 }),
      tooltip: { trigger: 'axis' },
      xAxis: namedAxis(t('learn.capacity'), { min: 1, max: MAX_DEGREE, interval: 1 }),
      yAxis: { type: 'log', logBase: 10 },
      series: [
        {
          type: 'line',
          name: t('learn.train'),
          color: '#2563eb',
          data: curve.map((p) => [p.degree, p.train]),
        },
        { type: 'line', name: t('learn.val'), color: '#dc2626', data: curve.map((p) => [p.degree, p.val]) },
        {
          type: 'scatter',
          silent: true,
          symbolSize: 14,
          itemStyle: { color: 'transparent', borderColor: '#111', borderWidth: 2 },
          data: [[degree, val]],
        },
      ],
    }),
    [curve, degree, val, t],
  )
  const fitOption = useMemo(
    () => ({
      ...lessonChart({ left: 40, top: 40, bottom: 28 }),
      tooltip: { trigger: 'item' },
      xAxis: { type: 'value', min: -1, max: 1 },
      yAxis: { type: 'value', ...Y_RANGE },
      series: [
        ...polyPointSeries(t),
        {
          type: 'line',
          name: t('learn.truth'),
          color: '#16a34a',
          showSymbol: false,
          lineStyle: { type: 'dashed' },
          data: CURVE_X.map((x) => [x, evalPoly(TRUE_CUBIC, x)]),
        },
        ...(lambda > 0
          ? [
              {
                type: 'line',
                name: `λ = 0`,
                color: '#f59e0b',
                showSymbol: false,
                lineStyle: { width: 1 },
                data: CURVE_X.map((x) => [x, evalPoly(plainCoef, x)]),
              },
            ]
          : []),
        {
          type: 'line',
          name: t('learn.fit', { degree }) + (lambda > 0 ? `, λ = ${lambda}` : ''),
          color: '#dc2626',
          showSymbol: false,
          lineStyle: { width: 2 },
          data: CURVE_X.map((x) => [x, evalPoly(coef, x)]),
        },
      ],
    }),
    [coef, plainCoef, degree, lambda, t],
  )
  const capacityEl = useChart(capacityOption)
  const fitEl = useChart(fitOption)
  return (
    <div>
      <p className="learn-note">{t('learn.polyNote')}</p>
      <div className="learn-controls">
        <RangeField
          label={t('learn.degree')}
          shown={degree}
          value={degree}
          onChange={setDegree}
          min={1}
          max={MAX_DEGREE}
          testId="poly-degree"
        />
        <RangeField
          label={t('learn.weightDecay')}
          shown={lambda}
          value={decayIndex}
          onChange={setDecayIndex}
          min={0}
          max={DECAYS.length - 1}
          testId="poly-decay"
        />
        <span className="learn-stats" data-testid="poly-stats" data-train={train} data-val={val}>
          {t('learn.errors', { degree, train: fmtErr(train), val: fmtErr(val) })}
        </span>
      </div>
      <div className="learn-row">
        <div ref={capacityEl} className="learn-chart" data-testid="poly-capacity" />
        <div ref={fitEl} className="learn-chart" data-testid="poly-fit" />
      </div>
    </div>
  )
}
