import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { RunRecord } from '../../../engine/app-contract'
import { api } from '../api'
import { runNumbers } from '../store/run-compare'
import { useTraining } from '../store/training'
import './finetune.css'

/** Runs that kept weights: each finished epoch writes the run's checkpoint; an import writes one. */
const hasWeights = (r: RunRecord) => r.status !== 'running' && (r.epochs.length > 0 || !!r.importedFrom)

/**
 * Where the next run's weights come from: fresh initial weights, or an earlier run's (an imported
 * model is a run too). The list is read again whenever a run ends, so the one just trained is in it.
 */
export function StartFromPicker(props: { value: string; onChange(runId: string): void }) {
  const { t } = useTranslation()
  const status = useTraining((s) => s.status)
  const [runs, setRuns] = useState<RunRecord[]>([])
  useEffect(() => {
    if (status === 'starting' || status === 'running') return
    let live = true
    api.invoke('runs:list', {}).then(
      (list) => live && setRuns(list.filter(hasWeights)),
      () => live && setRuns([]),
    )
    return () => {
      live = false
    }
  }, [status])
  const numbers = useMemo(() => runNumbers(runs), [runs])
  const { value, onChange } = props
  // a deleted run cannot be started from
  useEffect(() => {
    if (value && runs.length && !runs.some((r) => r.id === value)) onChange('')
  }, [runs, value, onChange])
  return (
    <label title={t('finetune.startHint')}>
      {t('finetune.startFrom')}
      <select data-testid="train-start-from" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('finetune.startFresh')}</option>
        {runs.map((r) => {
          const last = r.epochs.at(-1)
          const acc = last?.valMetrics.accuracy
          return (
            <option key={r.id} value={r.id}>
              #{numbers.get(r.id)} {r.settings?.graphName ?? '?'} ·{' '}
              {last
                ? `${r.settings?.dataset ?? '?'} · ${t('training.epoch', { epoch: last.epoch, epochs: r.settings?.epochs ?? last.epoch })}`
                : t('finetune.importedFrom', { file: r.importedFrom })}
              {acc !== undefined ? ` · ${(acc * 100).toFixed(1)}%` : ''}
            </option>
          )
        })}
      </select>
    </label>
  )
}

/** What the run took from the weights it started from, as its run-started event reported it. */
export function TransferReportView() {
  const { t } = useTranslation()
  const report = useTraining((s) => s.transfer)
  if (!report) return null
  const params = report.loaded.reduce((a, n) => a + n.params, 0)
  return (
    <div className="transfer-report" data-testid="transfer-report">
      <b>{t('finetune.reportTitle', { source: report.source })}</b>
      <span data-testid="transfer-loaded">
        {t('finetune.reportLoaded', { count: report.loaded.length, params: params.toLocaleString('en') })}
      </span>
      <ul>
        {report.initialised.map((n) => (
          <li key={n.node} data-testid={`transfer-new-${n.node}`}>
            {t(n.reason === 'new' ? 'finetune.reportNew' : 'finetune.reportShape', n)}
          </li>
        ))}
      </ul>
      {report.unused.length > 0 && (
        <span>{t('finetune.reportUnused', { nodes: report.unused.join(', ') })}</span>
      )}
    </div>
  )
}
