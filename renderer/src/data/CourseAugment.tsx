import { useTranslation } from 'react-i18next'
import type { TrainingConfig } from '../../../engine/graph/schema'
import { BoundedNumber, boundedNumber } from '../fields/BoundedNumber'

type Augment = NonNullable<TrainingConfig['augment']>

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
            next[i] = boundedNumber(e.target.value, { min: 0.01, max, fallback: 0.01 })
            set({ [key]: next })
          }}
        />
      ))}
    </label>
  )
  return (
    <>
      <BoundedNumber
        label={t('augmentCourse.saturation')}
        testId="augment-saturation"
        min={0}
        max={1}
        step={0.05}
        value={augment.saturation}
        onChange={(saturation) => set({ saturation })}
      />
      <BoundedNumber
        label={t('augmentCourse.hue')}
        testId="augment-hue"
        min={0}
        max={0.5}
        step={0.05}
        value={augment.hue}
        onChange={(hue) => set({ hue })}
      />
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
