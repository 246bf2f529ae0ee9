import { useCallback, useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { RunRecord } from '../../../engine/app-contract'
import { api } from '../api'
import { RunCompareChart, type CompareSeries } from '../charts/RunCompareChart'
import { foldMeanEpochs, runCurves, runNumbers, settingsRows, sharedMetric } from '../store/run-compare'
import { useRunPicks } from '../store/run-picks'
import { FoldSummaryTable, measureName, meanStdText } from './FoldSummary'
import './training-extras.css'

const COLOURS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777']

/** The run history: pick runs, overlay their curves and see which settings differ. */
export function Runs() {
  const { t } = useTranslation()
  const [runs, setRuns] = useState<RunRecord[]>([])
  const { picked, setPicked } = useRunPicks()
  const [all, setAll] = useState(false)
  const [error, setError] = useState('')
  const load = useCallback(
    () =>
      api.invoke('runs:list', {}).then(
        (list) => {
          setRuns(list)
          setPicked((p) => p.filter((id) => list.some((r) => r.id === id)))
        },
        (e: Error) => setError(e.message),
      ),
    [],
  )
  useEffect(() => void load(), [load])
  const numbers = useMemo(() => runNumbers(runs), [runs])
  // compared in the order they were ticked, each with a fixed colour
  const chosen = picked.map((id) => runs.find((r) => r.id === id)).filter((r): r is RunRecord => !!r)
  const metric = sharedMetric(chosen)
  const label = (r: RunRecord) => `#${numbers.get(r.id)} ${r.settings?.graphName ?? '?'}`
  // a run keeps its colour in both charts and in the settings table
  const series = { loss: [] as CompareSeries[], metric: [] as CompareSeries[] }
  chosen.forEach((r, i) => {
    const c = runCurves(r, metric)
    const colour = COLOURS[i % COLOURS.length]
    series.loss.push({ name: label(r), colour, points: c.valLoss.length ? c.valLoss : c.loss })
    if (c.valLoss.length)
      series.loss.push({ name: `${label(r)} (train)`, colour, points: c.loss, dashed: true })
    series.metric.push({ name: label(r), colour, points: c.metric })
  })
  const toggle = (id: string) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id]))
  const remove = async (id: string) => {
    if (!window.confirm(t('trainExtras.runs.confirmDelete'))) return
    try {
      await api.invoke('runs:delete', { id })
      await load()
    } catch (e) {
      setError((e as Error).message)
    }
  }
  // a cross-validated run's figures are its folds' averages
  const final = (r: RunRecord) => foldMeanEpochs(r.epochs).at(-1)
  const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toFixed(4))
  const rows = settingsRows(chosen, all)
  return (
    <div className="runs" data-testid="runs">
      <div className="hint">
        {t('trainExtras.runs.intro')}{' '}
        <button onClick={() => void load()}>{t('trainExtras.runs.refresh')}</button>
      </div>
      {error && <p className="error-text">{error}</p>}
      {runs.length === 0 ? (
        <p>{t('trainExtras.runs.none')}</p>
      ) : (
        <table className="compact-table" data-testid="runs-table">
          <thead>
            <tr>
              <th />
              <th>#</th>
              <th>{t('trainExtras.runs.started')}</th>
              <th>{t('trainExtras.runs.graph')}</th>
              <th>{t('trainExtras.runs.dataset')}</th>
              <th>{t('trainExtras.runs.status')}</th>
              <th>{t('trainExtras.runs.epochs')}</th>
              <th>{t('trainExtras.runs.valLoss')}</th>
              <th>{t('trainExtras.runs.finalMetrics')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.id} data-testid="run-row" data-run={r.id}>
                <td>
                  <input
                    type="checkbox"
                    data-testid="run-pick"
                    checked={picked.includes(r.id)}
                    onChange={() => toggle(r.id)}
                  />
                </td>
                <td>{numbers.get(r.id)}</td>
                <td>{new Date(r.startedAt).toLocaleString()}</td>
                <td>{r.settings?.graphName ?? '—'}</td>
                <td>{r.settings?.dataset ?? '—'}</td>
                <td title={r.message}>{t(`trainExtras.runs.status_${r.status}`)}</td>
                <td className="num">
                  {foldMeanEpochs(r.epochs).length}/{r.settings?.epochs ?? '?'}
                  {r.settings?.folds ? ` × ${r.settings.folds}` : ''}
                </td>
                <td className="num">{fmt(final(r)?.valLoss)}</td>
                {r.crossValidation ? (
                  <td data-testid="run-cv">
                    {t('folds.cell', {
                      folds: r.crossValidation.folds,
                      text: Object.entries(r.crossValidation.summary)
                        .map(([k, m]) => `${measureName(t, k)} ${meanStdText(m)}`)
                        .join(' · '),
                    })}
                  </td>
                ) : (
                  <td>
                    {Object.entries(final(r)?.valMetrics ?? {})
                      .map(([k, v]) => `${k} ${v.toFixed(3)}`)
                      .join(' · ')}
                  </td>
                )}
                <td>
                  <button data-testid="run-delete" onClick={() => void remove(r.id)}>
                    {t('trainExtras.runs.delete')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {chosen.length < 2 ? runs.length > 1 && <p className="hint">{t('trainExtras.runs.pick')}</p> : null}
      {chosen.length > 0 && (
        <>
          <div className="runs-charts">
            <div>
              <h4>{t('trainExtras.runs.loss')}</h4>
              <RunCompareChart series={series.loss} testId="compare-loss" epochLabel={t('axis.epoch')} />
            </div>
            {metric && (
              <div>
                <h4>
                  {t('trainExtras.runs.metricChart', {
                    metric: t(`training.metric.${metric}`, { defaultValue: metric }),
                  })}
                </h4>
                <RunCompareChart
                  series={series.metric}
                  testId="compare-metric"
                  epochLabel={t('axis.epoch')}
                />
              </div>
            )}
          </div>
          {chosen.map(
            (r, i) =>
              r.crossValidation && (
                <div key={r.id}>
                  <strong style={{ color: COLOURS[i % COLOURS.length] }}>{label(r)}</strong>
                  <FoldSummaryTable
                    folds={r.crossValidation.folds}
                    summary={r.crossValidation.summary}
                    testId="run-fold-summary"
                  />
                </div>
              ),
          )}
          <div>
            <h4>
              {t('trainExtras.runs.diff')}{' '}
              <label className="hint">
                <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} />
                {t('trainExtras.runs.showAll')}
              </label>
            </h4>
            {rows.length === 0 ? (
              <p className="hint">{t('trainExtras.runs.same')}</p>
            ) : (
              <table className="compact-table settings-diff" data-testid="settings-diff">
                <thead>
                  <tr>
                    <th>{t('trainExtras.runs.setting')}</th>
                    {chosen.map((r, i) => (
                      <th key={r.id} style={{ color: COLOURS[i % COLOURS.length] }}>
                        {label(r)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => (
                    <tr key={row.key} data-testid={`diff-${row.key}`} data-differs={row.differs}>
                      <td>{t(`trainExtras.runs.keys.${row.key}`)}</td>
                      {row.values.map((v, i) => (
                        <td key={i} className={row.differs ? 'differs' : ''}>
                          {v}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        </>
      )}
    </div>
  )
}
