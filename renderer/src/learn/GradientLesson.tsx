import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { lessonChart, namedAxis } from './chart-parts'
import { BOSTON_FEATURES, startFor, useLessonData, type Source } from './lessonData'
import { descend, leastSquares, loss, lossGrid, surfaceWindow, type PathPoint } from './linreg'
import { NumberField } from './NumberField'
import { PlayerControls } from './PlayerControls'
import { SurfaceChart } from './SurfaceChart'
import { useChart } from '../charts/useChart'
import { usePlayer } from './usePlayer'

type Mode = 'batch' | 'sgd' | 'minibatch'

export function GradientLesson() {
  const { t } = useTranslation()
  const [source, setSource] = useState<Source>('synthetic')
  const [feature, setFeature] = useState('lstat')
  const [mode, setMode] = useState<Mode>('batch')
  const [batchSize, setBatchSize] = useState(8)
  const [lr, setLr] = useState(0.2)
  const [steps, setSteps] = useState(60)
  const data = useLessonData(source, feature)
  return (
    <div>
      <p className="learn-note">
        {t('learn.gdNote')} {source === 'boston' && t('learn.bostonNote')}
      </p>
      <div className="learn-controls">
        <label>
          {t('learn.data')}
          <select
            data-testid="gd-source"
            value={source}
            onChange={(e) => setSource(e.target.value as Source)}
          >
            <option value="synthetic">{t('learn.synthetic')}</option>
            <option value="boston">{t('learn.boston')}</option>
          </select>
        </label>
        {source === 'boston' && (
          <label>
            {t('learn.feature')}
            <select data-testid="gd-feature" value={feature} onChange={(e) => setFeature(e.target.value)}>
              {BOSTON_FEATURES.map((f) => (
                <option key={f}>{f}</option>
              ))}
            </select>
          </label>
        )}
        <label>
          {t('learn.mode')}
          <select data-testid="gd-mode" value={mode} onChange={(e) => setMode(e.target.value as Mode)}>
            {(['batch', 'sgd', 'minibatch'] as const).map((m) => (
              <option key={m} value={m}>
                {t(`learn.modes.${m}`)}
              </option>
            ))}
          </select>
        </label>
        {mode === 'minibatch' && (
          <NumberField
            label={t('learn.batchSize')}
            value={batchSize}
            onChange={setBatchSize}
            min={1}
            step={1}
            testId="gd-batch"
          />
        )}
        <NumberField label={t('learn.lr')} value={lr} onChange={setLr} min={0.0001} max={5} testId="gd-lr" />
        <NumberField
          label={t('learn.steps')}
          value={steps}
          onChange={setSteps}
          min={1}
          max={500}
          step={1}
          testId="gd-steps"
        />
      </div>
      {data ? (
        <GradientView data={data} source={source} mode={mode} batchSize={batchSize} lr={lr} steps={steps} />
      ) : (
        <p className="learn-note">{t('learn.loading')}</p>
      )}
    </div>
  )
}

function GradientView(props: {
  data: { x: number[]; y: number[] }
  source: Source
  mode: Mode
  batchSize: number
  lr: number
  steps: number
}) {
  const { t } = useTranslation()
  const { data } = props
  const n = data.x.length
  const start = useMemo(() => startFor(props.source), [props.source])
  const best = useMemo(() => leastSquares(data), [data])
  const win = useMemo(() => surfaceWindow(best, start), [best, start])
  const grid = useMemo(() => lossGrid(data, win.w, win.b, 48), [data, win])
  const batch =
    props.mode === 'batch' ? n : props.mode === 'sgd' ? 1 : Math.min(Math.round(props.batchSize), n)
  const path = useMemo(
    () =>
      descend(data, {
        w0: start.w,
        b0: start.b,
        lr: props.lr,
        steps: props.steps,
        batchSize: batch,
        seed: 11,
      }),
    [data, start, props.lr, props.steps, batch],
  )
  const player = usePlayer(path.length - 1)
  const shownPath = useMemo(() => path.slice(0, player.shown + 1), [path, player.shown])
  const paths = useMemo(
    () => [{ name: t('learn.path'), color: '#ffffff', points: shownPath }],
    [shownPath, t],
  )
  const at = shownPath[shownPath.length - 1]
  return (
    <>
      <div className="learn-controls">
        <PlayerControls player={player} testId="gd" />
        <span className="learn-stats" data-testid="gd-stats" data-loss={at.loss} data-w={at.w} data-b={at.b}>
          w = {at.w.toFixed(3)}, b = {at.b.toFixed(3)}, {t('learn.loss')} = {at.loss.toPrecision(4)} ·{' '}
          {t('learn.optimum')}: w = {best.w.toFixed(3)}, b = {best.b.toFixed(3)} · {t('learn.batchSize')}{' '}
          {batch}
        </span>
      </div>
      <div className="learn-row">
        <SurfaceChart grid={grid} window={win} best={best} paths={paths} testId="gd-surface" />
        <LossByStep path={shownPath} steps={path.length - 1} best={loss(data, best.w, best.b)} />
      </div>
    </>
  )
}

/** The full-data loss after each step, against the floor the least-squares solution reaches. */
function LossByStep(props: { path: PathPoint[]; steps: number; best: number }) {
  const { t } = useTranslation()
  const option = useMemo(
    () => ({
      ...lessonChart({ left: 50, top: 30, bottom: 36 }),
      tooltip: { trigger: 'axis' },
      xAxis: namedAxis(t('learn.steps'), { min: 0, max: props.steps }),
      yAxis: { type: 'log', logBase: 10 },
      series: [
        {
          type: 'line',
          name: t('learn.loss'),
          color: '#2563eb',
          showSymbol: false,
          data: props.path.map((p, i) => [i, p.loss]),
        },
        {
          type: 'line',
          name: t('learn.optimum'),
          color: '#16a34a',
          showSymbol: false,
          lineStyle: { type: 'dashed' },
          data: [
            [0, props.best],
            [props.steps, props.best],
          ],
        },
      ],
    }),
    [props.path, props.steps, props.best, t],
  )
  const el = useChart(option)
  return <div ref={el} className="learn-chart" data-testid="gd-loss" />
}
