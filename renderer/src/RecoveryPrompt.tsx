import { useTranslation } from 'react-i18next'
import { discardRecovered, keepRecovered, useRecovery } from './store/autosave'
import './recovery-prompt.css'

/** After a crash or a tab closed with unsaved work: keep the recovered graph or start empty. */
export function RecoveryPrompt() {
  const { t, i18n } = useTranslation()
  const recovered = useRecovery((s) => s.recovered)
  if (!recovered) return null
  const text =
    recovered.at === null
      ? t('shell.recoveredUnknown')
      : t('shell.recovered', {
          time: new Date(recovered.at).toLocaleString(i18n.language, {
            dateStyle: 'medium',
            timeStyle: 'short',
          }),
        })
  return (
    <div className="recovery-prompt" role="alertdialog" aria-live="polite" data-testid="recovery-prompt">
      <span>{text}</span>
      <button data-testid="recovery-keep" onClick={keepRecovered}>
        {t('shell.keep')}
      </button>
      <button data-testid="recovery-discard" onClick={discardRecovered}>
        {t('shell.discardRecovered')}
      </button>
    </div>
  )
}
