import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { DatasetPreview } from '../../../engine/app-contract'
import { useGraph } from '../store/graph'
import { augmentPreview } from './augment-preview'
import { SampleImage } from './SampleImage'

const SHOWN = 8

/** The first samples beside their augmented training view; "another draw" re-rolls the randomness. */
export function AugmentPreview({ preview }: { preview: DatasetPreview }) {
  const { t } = useTranslation()
  const augment = useGraph((s) => s.doc.training.augment)
  const seed = useGraph((s) => s.doc.training.seed)
  const [draw, setDraw] = useState(0)
  const samples = useMemo(() => preview.samples.slice(0, SHOWN), [preview])
  const augmented = useMemo(
    () => augmentPreview(samples, preview.inputShape, augment, seed, draw),
    [samples, preview.inputShape, augment, seed, draw],
  )
  if (!augmented) return null
  return (
    <div className="augment-preview" data-testid="augment-preview">
      <h4>{t('augmentCourse.preview')}</h4>
      <div className="samples">
        {samples.map((s, i) => (
          <figure key={i}>
            <SampleImage x={s.x} shape={preview.inputShape} />
            <SampleImage x={augmented[i]} shape={preview.inputShape} />
          </figure>
        ))}
      </div>
      <button data-testid="augment-redraw" onClick={() => setDraw(draw + 1)}>
        {t('augmentCourse.redraw')}
      </button>
    </div>
  )
}
