import { useTranslation } from 'react-i18next'

/**
 * A node's learning-rate multiplier (fine-tuning trains a new head at 10× the rate). Empty or 1
 * clears it; the schema's range (above 0, at most 1000) is enforced by refusing other values.
 */
export function LrMultiplierField(props: {
  value: number | undefined
  onChange(v: number | undefined): void
}) {
  const { t } = useTranslation()
  const commit = (text: string) => {
    const v = Number(text)
    if (text.trim() === '' || v === 1) return props.onChange(undefined)
    if (Number.isFinite(v) && v > 0 && v <= 1000 && v !== props.value) props.onChange(v)
  }
  return (
    <label className="field" title={t('finetune.lrMultiplierHint')}>
      <span>{t('finetune.lrMultiplier')}</span>
      <input
        type="number"
        min={0}
        max={1000}
        step="any"
        placeholder="1"
        data-testid="inspector-lr-multiplier"
        defaultValue={props.value ?? ''}
        onBlur={(e) => commit(e.target.value)}
        onKeyDown={(e) => e.key === 'Enter' && commit(e.currentTarget.value)}
      />
    </label>
  )
}
