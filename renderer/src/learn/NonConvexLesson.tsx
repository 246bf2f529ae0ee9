import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { lessonChart } from './chart-parts'
import { NumberField } from './NumberField'
import { optimize, wavy, wavyGrad, type OptimizerHyper } from './optimizers'
import { PlayerControls } from './PlayerControls'
import { useChart } from '../charts/useChart'
import { usePlayer } from './usePlayer'

const RANGE: [number, number] = [-4.5, 6.5]
const COLORS = { gd: '#2563eb', momentum: '#16a34a', adam: '#dc2626' }

export function NonConvexLesson() {
  const { t } = useTranslation()
  const [w0, setW0] = useState(2)
  const [steps, setSteps] = useState(80)
  const [lr, setLr] = useState(0.01)
  const [beta, setBeta] = useState(0.9)
  const [adamLr, setAdamLr] = useState(0.3)
  const runs = useMemo(() => {
    const f = (x: number[]) => wavy(x[0])
    const g = (x: number[]) => [wavyGrad(x[0])]
    const hypers: [keyof typeof COLORS, string, OptimizerHyper][] = [
      ['gd', t('learn.gdName'), { kind: 'sgd', lr }],
      ['momentum', t('learn.momentumName'), { kind: 'momentum', lr, beta }],
      ['adam', t('learn.adamName'), { kind: 'adam', lr: adamLr, beta1: 0.9, beta2: 0.999, eps: 1e-8 }],
    ]
    return hypers.map(([key, name, h]) => ({ key, name, path: optimize(h, f, g, [w0], steps) }))
  }, [w0, steps, lr, beta, adamLr, t])
  const player = usePlayer(Math.max(...runs.map((r) => r.path.length - 1)))
  const curve = useMemo(() => {
    const pts: [number, number][] = []
    for (let i = 0; i <= 220; i++) {
      const w = RANGE[0] + ((RANGE[1] - RANGE[0]) * i) / 220
      pts.push([w, wavy(w)])
    }
    return pts
  }, [])
  const shown = useMemo(
    () => runs.map((r) => ({ ...r, path: r.path.slice(0, player.shown + 1) })),
    [runs, player.shown],
  )
  const curveOption = useMemo(
    () => ({
      ...lessonChart({ left: 40, top: 28, bottom: 28 }),
      tooltip: { trigger: 'item' },
      xAxis: { type: 'value', name: 'w', nameGap: 4, min: RANGE[0], max: RANGE[1] },
      yAxis: { type: 'value', min: -30, max: 20 },
      series: [
        {
          type: 'line',
          name: 'f(w) = w²·sin(w)',
          data: curve,
          showSymbol: false,
          color: '#94a3b8',
          silent: true,
        },
        ...shown.map((r) => ({
          type: 'line',
          name: r.name,
          color: COLORS[r.key],
          data: r.path.map((p) => [p.x[0], p.f]),
          symbolSize: 6,
          lineStyle: { width: 1, opacity: 0.6 },
        })),
      ],
    }),
    [curve, shown],
  )
  const stepOption = useMemo(
    () => ({
      animation: false,
      title: { text: t('learn.fOfStep'), left: 'center', textStyle: { fontSize: 12 } },
      grid: { left: 40, right: 12, top: 28, bottom: 28 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'value', name: t('learn.steps'), nameGap: 4, min: 0, max: steps },
      yAxis: { type: 'value', scale: true },
      series: shown.map((r) => ({
        type: 'line',
        name: r.name,
        color: COLORS[r.key],
        showSymbol: false,
        data: r.path.map((p, i) => [i, p.f]),
      })),
    }),
    [shown, steps, t],
  )
  const curveEl = useChart(curveOption)
  const stepEl = useChart(stepOption)
  return (
    <div>
      <p className="learn-note">{t('learn.nonconvexNote')}</p>
      <div className="learn-controls">
        <NumberField
          label={t('learn.startW')}
          value={w0}
          onChange={setW0}
          min={RANGE[0]}
          max={RANGE[1]}
          testId="nc-w0"
        />
        <NumberField label={t('learn.lr')} value={lr} onChange={setLr} min={0.0001} max={1} testId="nc-lr" />
        <NumberField
          label={t('learn.beta')}
          value={beta}
          onChange={setBeta}
          min={0}
          max={0.999}
          testId="nc-beta"
        />
        <NumberField
          label={t('learn.adamLr')}
          value={adamLr}
          onChange={setAdamLr}
          min={0.0001}
          max={2}
          testId="nc-adam-lr"
        />
        <NumberField
          label={t('learn.steps')}
          value={steps}
          onChange={setSteps}
          min={1}
          max={400}
          step={1}
          testId="nc-steps"
        />
        <PlayerControls player={player} testId="nc" />
      </div>
      <div className="learn-row">
        <div ref={curveEl} className="learn-chart" data-testid="nc-curve" />
        <div ref={stepEl} className="learn-chart" data-testid="nc-steps-chart" />
      </div>
      <div className="learn-stats" data-testid="nc-stats">
        {shown.map((r) => {
          const at = r.path[r.path.length - 1]
          return (
            <span
              key={r.key}
              data-testid={`nc-${r.key}`}
              data-w={at.x[0]}
              style={{ color: COLORS[r.key], marginRight: 12 }}
            >
              {r.name}: w = {at.x[0].toFixed(3)}, f = {at.f.toFixed(3)}
            </span>
          )
        })}
      </div>
    </div>
  )
}
