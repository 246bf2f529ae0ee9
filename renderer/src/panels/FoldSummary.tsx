import { useTranslation } from 'react-i18next'
import type { TFunction } from 'i18next'
import type { FoldSummary } from '../../../engine/data/folds'

/** 'val_loss' → Validation loss, 'val_log-rmse' → Validation log-RMSE. */
export function measureName(t: TFunction, key: string): string {
  if (key === 'val_loss') return t('training.valLoss')
  const metric = key.replace(/^val_/, '')
  return t('training.valMetric', { metric: t(`training.metric.${metric}`, { defaultValue: metric }) })
}

export const meanStdText = (m: { mean: number; std: number }) => `${m.mean.toFixed(4)} ± ${m.std.toFixed(4)}`

/** A cross-validation's result: each measure's mean ± std and the folds' own values. */
export function FoldSummaryTable(props: { folds: number; summary: FoldSummary; testId?: string }) {
  const { t } = useTranslation()
  return (
    <div data-testid={props.testId ?? 'fold-summary'} data-folds={props.folds}>
      <h4>{t('folds.title', { folds: props.folds })}</h4>
      <table className="compact-table">
        <thead>
          <tr>
            <th>{t('folds.measure')}</th>
            <th>{t('folds.meanStd')}</th>
            <th>{t('folds.perFold')}</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(props.summary).map(([k, m]) => (
            <tr key={k} data-testid="fold-measure" data-measure={k} data-mean={m.mean} data-std={m.std}>
              <td>{measureName(t, k)}</td>
              <td className="num">{meanStdText(m)}</td>
              <td className="num">{m.folds.map((v) => v.toFixed(4)).join(' · ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
