import { useTranslation } from 'react-i18next'
import { fmtShape } from '../canvas/adapters'
import { useAnalysis } from '../store/analysis'
import { useGraph } from '../store/graph'
import { ProblemList } from './ProblemList'

const human = (n: number) =>
  n >= 1e9
    ? `${(n / 1e9).toFixed(2)} G`
    : n >= 1e6
      ? `${(n / 1e6).toFixed(2)} M`
      : n >= 1e3
        ? `${(n / 1e3).toFixed(1)} k`
        : String(n)

/** Per-node shapes and counts with totals, live from the engine's analysis. */
export function Summary() {
  const { t } = useTranslation()
  const doc = useGraph((s) => s.doc)
  const a = useAnalysis()
  const bytes = (a.totals.trainableParams + a.totals.stateParams) * 4
  return (
    <div className="summary" data-testid="summary">
      <p>
        {t('summary.total')}:{' '}
        <b data-testid="total-params">{a.totals.trainableParams.toLocaleString('en')}</b> ·{' '}
        {a.totals.frozenParams > 0 && (
          <>
            <span data-testid="frozen-params">
              ❄ {t('finetune.frozenCount', { n: a.totals.frozenParams.toLocaleString('en') })}
            </span>{' '}
            ·{' '}
          </>
        )}
        {t('summary.flops')}: {human(a.totals.macs)} · {t('summary.memory')}: {human(bytes)}B
      </p>
      <ProblemList />
      <table>
        <thead>
          <tr>
            <th>{t('summary.node')}</th>
            <th>{t('summary.type')}</th>
            <th>{t('summary.shape')}</th>
            <th>{t('summary.params')}</th>
          </tr>
        </thead>
        <tbody>
          {doc.nodes.map((n) => {
            const s = a.summary.get(n.id)
            return (
              <tr key={n.id}>
                <td>
                  {n.id}
                  {n.label && <span className="summary-label"> · {n.label}</span>}
                </td>
                <td>{n.type === 'Block' ? t('summary.blockType', { name: n.block }) : n.type}</td>
                <td>{fmtShape(s?.outputShape)}</td>
                <td>
                  {(s?.trainableParams ?? 0).toLocaleString('en')}
                  {s?.frozenParams ? ` · ❄ ${s.frozenParams.toLocaleString('en')}` : ''}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
