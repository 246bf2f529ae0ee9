import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { lessonChart, polyPointSeries } from './chart-parts'
import { predict, trainMlp, type MlpRun } from './mlp'
import { CURVE_X, POLY_TRAIN, POLY_VAL, fmtErr } from './polyLessonData'
import { RangeField } from './NumberField'
import { useChart } from '../charts/useChart'

const NET = { hidden: 30, steps: 3000, lr: 0.02, seed: 3, every: 100 }
const COLORS = ['#f59e0b', '#2563eb']

export function DropoutLesson() {
  const { t } = useTranslation()
  const [rate, setRate] = useState(0.5)
  const [busy, setBusy] = useState(false)
  const [runs, setRuns] = useState<{ rate: number; plain: MlpRun; dropped: MlpRun } | null>(null)
  const train = () => {
    setBusy(true)
    // let the busy label paint before the (about a second of) training blocks the page
    setTimeout(() => {
      const plain = trainMlp(POLY_TRAIN, POLY_VAL, { ...NET, rate: 0 })
      const dropped = trainMlp(POLY_TRAIN, POLY_VAL, { ...NET, rate })
      setRuns({ rate, plain, dropped })
      setBusy(false)
    }, 30)
  }
  const named = useMemo(
    () =>
      runs
        ? [
            { name: t('learn.plain'), run: runs.plain },
            { name: t('learn.withDropout', { rate: runs.rate }), run: runs.dropped },
          ]
        : [],
    [runs, t],
  )
  const fitOption = useMemo(
    () => ({
      ...lessonChart({ left: 40, top: 40, bottom: 28 }),
      xAxis: { type: 'value', min: -1, max: 1 },
      yAxis: { type: 'value', min: -5, max: 4 },
      series: [
        ...polyPointSeries(t),
        ...named.map((r, i) => ({
          type: 'line',
          name: r.name,
          color: COLORS[i],
          showSymbol: false,
          data: CURVE_X.map((x) => [x, predict(r.run.params, x)]),
        })),
      ],
    }),
    [named, t],
  )
  const historyOption = useMemo(
    () => ({
      // two legend rows
      ...lessonChart({ left: 50, top: 56, bottom: 28 }),
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'value', name: t('learn.iteration'), nameGap: 4 },
      yAxis: { type: 'log', logBase: 10 },
      series: named.flatMap((r, i) => [
        {
          type: 'line',
          name: `${r.name} · ${t('learn.train')}`,
          color: COLORS[i],
          showSymbol: false,
          lineStyle: { type: 'dashed' },
          data: r.run.history.map((h) => [h.step, h.train]),
        },
        {
          type: 'line',
          name: `${r.name} · ${t('learn.val')}`,
          color: COLORS[i],
          showSymbol: false,
          data: r.run.history.map((h) => [h.step, h.val]),
        },
      ]),
    }),
    [named, t],
  )
  const fitEl = useChart(fitOption)
  const historyEl = useChart(historyOption)
  return (
    <div>
      <p className="learn-note">{t('learn.dropoutNote')}</p>
      <div className="learn-controls">
        <RangeField
          label={t('learn.rate')}
          shown={rate}
          value={rate}
          onChange={setRate}
          min={0.1}
          max={0.8}
          step={0.1}
          testId="dropout-rate"
        />
        <button className="primary" data-testid="dropout-train" disabled={busy} onClick={train}>
          {busy ? t('learn.training') : t('learn.trainNets')}
        </button>
      </div>
      <div className="learn-stats" data-testid="dropout-stats" data-runs={named.length}>
        {named.map((r) => {
          const end = r.run.history[r.run.history.length - 1]
          return (
            <div key={r.name} data-val={end.val} data-train={end.train}>
              {t('learn.dropoutResult', { name: r.name, train: fmtErr(end.train), val: fmtErr(end.val) })}
            </div>
          )
        })}
      </div>
      <div className="learn-row">
        <div ref={fitEl} className="learn-chart" data-testid="dropout-fit" />
        <div ref={historyEl} className="learn-chart" data-testid="dropout-history" />
      </div>
    </div>
  )
}
