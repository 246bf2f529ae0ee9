import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { create } from 'zustand'
import { parseGraph } from '../../../engine/graph/parse'
import { api } from '../api'
import { useChart } from '../charts/useChart'
import { useCourseRuns, type PlannedRun } from '../store/course-runs'
import { useTraining } from '../store/training'
import { lessonChart, namedAxis } from './chart-parts'
import { CourseRunsStatus } from './CourseRunsStatus'
import { NumberField } from './NumberField'
import { deepMlp, gradNormsByDepth, STABILITY_CASES, STABILITY_COLORS, type StabilityCase } from './stability'

type Norms = { key: StabilityCase['key']; norms: (number | null)[] }[]

/** The last measurement, kept while the learner looks at other lessons. */
const useStability = create<{ depth: number; results: Norms | null }>()(() => ({ depth: 0, results: null }))

export function StabilityLesson() {
  const { t } = useTranslation()
  const [depth, setDepth] = useState(8)
  const [units, setUnits] = useState(64)
  const [error, setError] = useState('')
  const measured = useStability()
  const going = useCourseRuns((s) => s.status === 'running')
  const training = useTraining(
    (s) => s.status === 'starting' || s.status === 'running' || s.status === 'paused',
  )
  const measure = async () => {
    setError('')
    const d = Math.round(depth)
    try {
      const plan: PlannedRun[] = STABILITY_CASES.map((c) => {
        const parsed = parseGraph(deepMlp(c, d, Math.round(units)))
        if (!parsed.ok) throw new Error(parsed.errors[0].message)
        // a few hundred images: one batch, so the weights measured are (almost) the initial ones
        return {
          name: parsed.doc.name,
          doc: parsed.doc,
          overrides: { dataset: { name: 'fashion-mnist', limit: 300 } },
        }
      })
      const ids = await useCourseRuns.getState().runAll('stability', plan)
      if (!ids) return
      const results = await Promise.all(
        ids.map(async (runId, i) => ({
          key: STABILITY_CASES[i].key,
          norms: gradNormsByDepth(await api.invoke('inspect:histograms', { runId }), d),
        })),
      )
      useStability.setState({ depth: d, results })
    } catch (e) {
      setError((e as Error).message)
    }
  }
  return (
    <div>
      <p className="learn-note">{t('learnStable.note')}</p>
      <p className="learn-note">{t('learnStable.why')}</p>
      <div className="learn-controls">
        <NumberField
          label={t('learnStable.depth')}
          value={depth}
          onChange={setDepth}
          min={2}
          max={20}
          step={1}
          testId="stable-depth"
        />
        <NumberField
          label={t('learnStable.units')}
          value={units}
          onChange={setUnits}
          min={4}
          max={512}
          step={1}
          testId="stable-units"
        />
        <button
          className="primary"
          data-testid="stable-measure"
          disabled={going || training}
          title={training ? t('courseRuns.busy') : undefined}
          onClick={() => void measure()}
        >
          {t('learnStable.measure')}
        </button>
      </div>
      {error && <p className="error-text">{error}</p>}
      <CourseRunsStatus which="stability" testId="stable-status" />
      {measured.results && <NormChart depth={measured.depth} results={measured.results} />}
      <p className="learn-note">{t('learnStable.read')}</p>
    </div>
  )
}

function NormChart(props: { depth: number; results: Norms }) {
  const { t } = useTranslation()
  const option = useMemo(
    () => ({
      ...lessonChart({ left: 60, top: 40, bottom: 36 }),
      tooltip: { trigger: 'axis' },
      xAxis: namedAxis(t('learnStable.layerAxis'), { min: 1, max: props.depth + 1, interval: 1 }),
      yAxis: { type: 'log', logBase: 10, name: t('learnStable.normAxis') },
      series: props.results.map((r) => ({
        type: 'line',
        name: t(`learnStable.cases.${r.key}`),
        color: STABILITY_COLORS[r.key],
        data: r.norms.flatMap((n, i) => (n !== null && n > 0 ? [[i + 1, n]] : [])),
      })),
    }),
    [props.depth, props.results, t],
  )
  const el = useChart(option)
  return (
    <>
      <div ref={el} className="learn-chart" data-testid="stable-chart" data-cases={props.results.length} />
      <table className="compact-table" data-testid="stable-table">
        <thead>
          <tr>
            <th />
            <th>{t('learnStable.first')}</th>
            <th>{t('learnStable.last')}</th>
            <th>{t('learnStable.ratio')}</th>
          </tr>
        </thead>
        <tbody>
          {props.results.map((r) => {
            const first = r.norms[0]
            const last = r.norms.at(-1) ?? null
            return (
              <tr
                key={r.key}
                data-testid="stable-row"
                data-case={r.key}
                data-first={first ?? ''}
                data-last={last ?? ''}
              >
                <td style={{ color: STABILITY_COLORS[r.key] }}>{t(`learnStable.cases.${r.key}`)}</td>
                <td className="num">{first?.toExponential(1) ?? '—'}</td>
                <td className="num">{last?.toExponential(1) ?? '—'}</td>
                <td className="num">{first !== null && last ? (first / last).toExponential(1) : '—'}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </>
  )
}
