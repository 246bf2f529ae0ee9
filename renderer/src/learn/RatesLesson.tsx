import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { SYNTHETIC, startFor } from './lessonData'
import { descend, leastSquares, lossGrid, surfaceWindow } from './linreg'
import { NumberField } from './NumberField'
import { PlayerControls } from './PlayerControls'
import { SurfaceChart } from './SurfaceChart'
import { usePlayer } from './usePlayer'

const KINDS = ['small', 'good', 'large'] as const
const COLORS = { small: '#ffffff', good: '#a7f3d0', large: '#fca5a5' }
/** 0.55 is just past 2/λ_max ≈ 0.53 of this data's loss, so that path spirals outwards. */
const DEFAULT_RATES = { small: 0.02, good: 0.3, large: 0.55 }

export function RatesLesson() {
  const { t } = useTranslation()
  const [rates, setRates] = useState(DEFAULT_RATES)
  const [steps, setSteps] = useState(40)
  const data = SYNTHETIC
  const start = startFor('synthetic')
  const best = useMemo(() => leastSquares(data), [data])
  const win = useMemo(() => surfaceWindow(best, start), [best, start.w, start.b])
  const grid = useMemo(() => lossGrid(data, win.w, win.b, 40), [data, win])
  const paths = useMemo(
    () =>
      KINDS.map((k) =>
        descend(data, { w0: start.w, b0: start.b, lr: rates[k], steps, batchSize: data.x.length, seed: 1 }),
      ),
    [data, start.w, start.b, rates, steps],
  )
  const player = usePlayer(Math.max(...paths.map((p) => p.length - 1)))
  return (
    <div>
      <p className="learn-note">{t('learn.ratesNote')}</p>
      <div className="learn-controls">
        {KINDS.map((k) => (
          <NumberField
            key={k}
            label={`${t('learn.lr')} (${t(`learn.rateNames.${k}`)})`}
            value={rates[k]}
            min={0.0001}
            max={5}
            onChange={(v) => setRates((r) => ({ ...r, [k]: v }))}
            testId={`rates-lr-${k}`}
          />
        ))}
        <NumberField
          label={t('learn.steps')}
          value={steps}
          onChange={setSteps}
          min={1}
          max={300}
          step={1}
          testId="rates-steps"
        />
        <PlayerControls player={player} testId="rates" />
      </div>
      <div className="learn-row">
        {KINDS.map((k, i) => {
          const shown = paths[i].slice(0, player.shown + 1)
          const at = shown[shown.length - 1]
          return (
            <div key={k} className="learn-col">
              <RateChart
                title={`η = ${rates[k]} · ${t(`learn.rateNames.${k}`)}`}
                points={shown}
                color={COLORS[k]}
                grid={grid}
                win={win}
                best={best}
                testId={`rates-surface-${k}`}
              />
              <div className="learn-stats" data-testid={`rates-stats-${k}`} data-loss={at.loss}>
                {t('learn.loss')} = {at.loss.toPrecision(4)}
              </div>
            </div>
          )
        })}
      </div>
    </div>
  )
}

function RateChart(props: {
  title: string
  points: ReturnType<typeof descend>
  color: string
  grid: ReturnType<typeof lossGrid>
  win: ReturnType<typeof surfaceWindow>
  best: { w: number; b: number }
  testId: string
}) {
  const paths = useMemo(
    () => [{ name: props.title, color: props.color, points: props.points }],
    [props.title, props.color, props.points],
  )
  return (
    <SurfaceChart
      grid={props.grid}
      window={props.win}
      best={props.best}
      paths={paths}
      title={props.title}
      small
      testId={props.testId}
    />
  )
}
