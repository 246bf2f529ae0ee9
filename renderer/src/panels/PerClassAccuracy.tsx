import { useTranslation } from 'react-i18next'
import type { Confusion } from '../../../engine/protocol'

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`)

/** Accuracy (recall) of every true class with its number of validation samples, and the mean. */
export function PerClassAccuracy({ confusion, names }: { confusion: Confusion; names: string[] }) {
  const { t } = useTranslation()
  const present = confusion.perClassAccuracy.filter((v): v is number => v !== null)
  const mean = present.length ? present.reduce((a, b) => a + b, 0) / present.length : null
  return (
    <div>
      <h4>{t('trainExtras.perClass')}</h4>
      <table className="compact-table" data-testid="per-class-table">
        <thead>
          <tr>
            <th>{t('trainExtras.className')}</th>
            <th>{t('trainExtras.accuracy')}</th>
            <th>{t('trainExtras.count')}</th>
          </tr>
        </thead>
        <tbody>
          {confusion.matrix.map((row, c) => (
            <tr key={c} data-testid="per-class-row">
              <td>{names[c]}</td>
              <td className="num">{pct(confusion.perClassAccuracy[c])}</td>
              <td className="num">{row.reduce((a, b) => a + b, 0).toLocaleString()}</td>
            </tr>
          ))}
          <tr>
            <th>{t('trainExtras.meanAccuracy')}</th>
            <td className="num" data-testid="per-class-mean">
              {pct(mean)}
            </td>
            <td />
          </tr>
        </tbody>
      </table>
    </div>
  )
}
