import { useTranslation } from 'react-i18next'
import type { TrainingConfig } from '../../../engine/graph/schema'

type Augment = NonNullable<TrainingConfig['augment']>

const clamp = (text: string, min: number, max: number) => Math.min(max, Math.max(min, Number(text) || 0))

/** Saturation and hue jitter and RandomResizedCrop, as the course's augmentation chapter uses them. */
export function CourseAugment({ augment, set }: { augment: Augment; set(patch: Partial<Augment>): void }) {
  const { t } = useTranslation()
  const pair = (key: 'cropScale' | 'cropRatio', max: number) => (
    <label>
      {t(`augmentCourse.${key}`)}{' '}
      {[0, 1].map((i) => (
        <input
          key={i}
          type="number"
          min={0}
          max={max}
          step={0.01}
          data-testid={`augment-${key}-${i}`}
          value={augment[key][i]}
          onChange={(e) => {
            const next: [number, number] = [...augment[key]]
            next[i] = clamp(e.target.value, 0.01, max)
            set({ [key]: next })
          }}
        />
      ))}
    </label>
  )
  return (
    <>
      <label>
        {t('augmentCourse.saturation')}{' '}
        <input
          type="number"
          min={0}
          max={1}
          step={0.05}
          data-testid="augment-saturation"
          value={augment.saturation}
          onChange={(e) => set({ saturation: clamp(e.target.value, 0, 1) })}
        />
      </label>
      <label>
        {t('augmentCourse.hue')}{' '}
        <input
          type="number"
          min={0}
          max={0.5}
          step={0.05}
          data-testid="augment-hue"
          value={augment.hue}
          onChange={(e) => set({ hue: clamp(e.target.value, 0, 0.5) })}
        />
      </label>
      <label title={t('augmentCourse.resizedCropHint')}>
        <input
          type="checkbox"
          data-testid="augment-resizedCrop"
          checked={augment.resizedCrop}
          onChange={(e) => set({ resizedCrop: e.target.checked })}
        />{' '}
        {t('augmentCourse.resizedCrop')}
      </label>
      {augment.resizedCrop && pair('cropScale', 1)}
      {augment.resizedCrop && pair('cropRatio', 100)}
    </>
  )
}
