import { useTranslation } from 'react-i18next'
import { INITIALIZERS, type Initializer } from '../../../engine/layers/types'

/** The node's weight initialiser, with what the chosen one draws and where the course uses it. */
export function InitField({ value, onChange }: { value: Initializer; onChange(next: Initializer): void }) {
  const { t } = useTranslation()
  return (
    <label className="field">
      <span>{t('inspector.init.label')}</span>
      <select
        data-testid="inspector-init"
        value={value}
        onChange={(e) => onChange(e.target.value as Initializer)}
      >
        {INITIALIZERS.map((name) => (
          <option key={name} value={name}>
            {t(`inspector.init.names.${name}`)}
          </option>
        ))}
      </select>
      <small data-testid="inspector-init-about">{t(`inspector.init.about.${value}`)}</small>
    </label>
  )
}
