import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useChart } from '../charts/useChart'
import { lessonChart, namedAxis } from './chart-parts'
import { NumberField } from './NumberField'
import {
  BOWL_WINDOW,
  bowlGrid,
  bowlPath,
  COURSE_MULTISTEP,
  COURSE_WARMUP_COSINE,
  DEFAULT_OPTIM_LR,
  OPTIM_COLORS,
  OPTIM_KINDS,
  scheduleCurve,
  type OptimKind,
  type ScheduleSettings,
} from './optimLesson'
import { PlayerControls } from './PlayerControls'
import { SurfaceChart } from './SurfaceChart'
import { usePlayer } from './usePlayer'

const BEST = { w: 0, b: 0 }

/** Six optimisers on the course's stretched bowl, then the learning-rate schedules the engine offers. */
export function OptimizerLesson() {
  const { t } = useTranslation()
  const [rates, setRates] = useState(DEFAULT_OPTIM_LR)
  const [shown, setShown] = useState<Record<OptimKind, boolean>>(
    () => Object.fromEntries(OPTIM_KINDS.map((k) => [k, true])) as Record<OptimKind, boolean>,
  )
  const [steps, setSteps] = useState(40)
  const grid = useMemo(() => bowlGrid(40), [])
  const paths = useMemo(
    () => Object.fromEntries(OPTIM_KINDS.map((k) => [k, bowlPath(k, rates[k], steps)])),
    [rates, steps],
  ) as Record<OptimKind, ReturnType<typeof bowlPath>>
  const player = usePlayer(steps)
  const drawn = useMemo(
    () =>
      OPTIM_KINDS.filter((k) => shown[k]).map((k) => ({
        name: t(`learnOpt.names.${k}`),
        color: OPTIM_COLORS[k],
        points: paths[k].slice(0, player.shown + 1),
      })),
    [paths, shown, player.shown, t],
  )
  return (
    <div>
      <p className="learn-note">{t('learnOpt.note')}</p>
      <div className="learn-controls">
        {OPTIM_KINDS.map((k) => (
          <span key={k} className="learn-optim" style={{ borderColor: OPTIM_COLORS[k] }}>
            <input
              type="checkbox"
              aria-label={t(`learnOpt.names.${k}`)}
              data-testid={`optim-show-${k}`}
              checked={shown[k]}
              onChange={(e) => setShown((s) => ({ ...s, [k]: e.target.checked }))}
            />
            <NumberField
              label={t(`learnOpt.names.${k}`)}
              value={rates[k]}
              min={0.0001}
              max={10}
              onChange={(v) => setRates((r) => ({ ...r, [k]: v }))}
              testId={`optim-lr-${k}`}
            />
          </span>
        ))}
        <NumberField
          label={t('learn.steps')}
          value={steps}
          onChange={setSteps}
          min={1}
          max={300}
          step={1}
          testId="optim-steps"
        />
        <PlayerControls player={player} testId="optim" />
      </div>
      <div className="learn-row">
        <SurfaceChart
          grid={grid}
          window={BOWL_WINDOW}
          best={BEST}
          paths={drawn}
          axes={['x₁', 'x₂']}
          testId="optim-surface"
        />
        <div className="learn-col">
          {OPTIM_KINDS.map((k) => {
            const at = paths[k][Math.min(player.shown, paths[k].length - 1)]
            return (
              <div key={k} className="learn-stats" data-testid={`optim-stats-${k}`} data-loss={at.loss}>
                <span style={{ color: OPTIM_COLORS[k] }}>■</span> {t(`learnOpt.names.${k}`)} (η = {rates[k]}
                ): f = {at.loss.toPrecision(3)} — {t(`learnOpt.about.${k}`)}
              </div>
            )
          })}
        </div>
      </div>
      <h4>{t('learnOpt.schedules')}</h4>
      <p className="learn-note">{t('learnOpt.schedulesNote')}</p>
      <div className="learn-row">
        <MultistepPlot />
        <WarmupCosinePlot />
      </div>
    </div>
  )
}

function MultistepPlot() {
  const { t } = useTranslation()
  const [milestones, setMilestones] = useState(COURSE_MULTISTEP.milestones.join(', '))
  const [gamma, setGamma] = useState(COURSE_MULTISTEP.gamma)
  const [epochs, setEpochs] = useState(COURSE_MULTISTEP.epochs)
  const parsed = milestones
    .split(',')
    .map((m) => m.trim())
    .filter(Boolean)
    .map(Number)
  const schedule: ScheduleSettings = { type: 'multistep', milestones: parsed, gamma }
  return (
    <div className="learn-col">
      <div className="learn-controls">
        <label>
          {t('schedule.milestones')}
          <input
            data-testid="sched-milestones"
            value={milestones}
            title={t('schedule.milestonesHint')}
            onChange={(e) => setMilestones(e.target.value)}
          />
        </label>
        <NumberField
          label={t('schedule.gamma')}
          value={gamma}
          onChange={setGamma}
          min={0.001}
          max={1}
          testId="sched-gamma"
        />
        <NumberField
          label={t('learnOpt.epochs')}
          value={epochs}
          onChange={setEpochs}
          min={1}
          max={500}
          step={1}
          testId="sched-ms-epochs"
        />
      </div>
      <SchedulePlot
        title={t('schedule.type.multistep')}
        curve={scheduleCurve(schedule, COURSE_MULTISTEP.lr, epochs)}
        testId="sched-multistep"
      />
    </div>
  )
}

function WarmupCosinePlot() {
  const { t } = useTranslation()
  const [warmup, setWarmup] = useState(COURSE_WARMUP_COSINE.warmupEpochs)
  const [maxEpochs, setMaxEpochs] = useState(COURSE_WARMUP_COSINE.maxEpochs)
  const [finalLr, setFinalLr] = useState(COURSE_WARMUP_COSINE.finalLr)
  const schedule: ScheduleSettings = { type: 'warmup-cosine', warmupEpochs: warmup, maxEpochs, finalLr }
  return (
    <div className="learn-col">
      <div className="learn-controls">
        <NumberField
          label={t('schedule.warmupEpochs')}
          value={warmup}
          onChange={setWarmup}
          min={0}
          max={500}
          step={1}
          testId="sched-warmup"
        />
        <NumberField
          label={t('schedule.maxEpochs')}
          value={maxEpochs}
          onChange={setMaxEpochs}
          min={1}
          max={500}
          step={1}
          testId="sched-max"
        />
        <NumberField
          label={t('schedule.finalLr')}
          value={finalLr}
          onChange={setFinalLr}
          min={0}
          max={10}
          testId="sched-final"
        />
      </div>
      <SchedulePlot
        title={t('schedule.type.warmup-cosine')}
        curve={scheduleCurve(schedule, COURSE_WARMUP_COSINE.lr, COURSE_WARMUP_COSINE.epochs)}
        testId="sched-warmup-cosine"
      />
    </div>
  )
}

function SchedulePlot(props: { title: string; curve: ReturnType<typeof scheduleCurve>; testId: string }) {
  const { t } = useTranslation()
  const points = 'points' in props.curve ? props.curve.points : []
  const option = useMemo(
    () => ({
      ...lessonChart({ left: 50, top: 30, bottom: 36 }),
      title: { text: props.title, left: 'center', textStyle: { fontSize: 12 } },
      tooltip: { trigger: 'axis' },
      xAxis: namedAxis(t('learnOpt.epochAxis'), { min: 0 }),
      yAxis: { type: 'value', name: t('learn.lr') },
      series: [
        { type: 'line', step: false, color: '#2563eb', showSymbol: true, symbolSize: 3, data: points },
      ],
    }),
    [points, props.title, t],
  )
  const el = useChart(option)
  return (
    <>
      {'error' in props.curve && <p className="error-text">{props.curve.error}</p>}
      <div
        ref={el}
        className="learn-chart"
        data-testid={props.testId}
        data-lrs={points.map((p) => p[1].toPrecision(4)).join(',')}
      />
    </>
  )
}
