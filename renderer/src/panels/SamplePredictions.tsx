import { useTranslation } from 'react-i18next'
import type { SamplePrediction } from '../../../engine/protocol'
import { PixelCanvas } from './PixelCanvas'

type Classified = Extract<SamplePrediction, { kind: 'classification' }>
type Masked = Extract<SamplePrediction, { kind: 'segmentation' }>

/** The fixed validation samples with true and predicted class, framed green when right. */
export function SamplePredictions({ samples, names }: { samples: Classified[]; names: string[] }) {
  const { t } = useTranslation()
  const name = (c: number) => names[c] ?? String(c)
  return (
    <div>
      <h4>{t('trainExtras.samples')}</h4>
      <div className="prediction-grid" data-testid="sample-predictions">
        {samples.map((s) => {
          const right = s.label === s.predicted
          return (
            <figure
              key={s.index}
              className={right ? 'right' : 'wrong'}
              data-testid="sample-prediction"
              data-correct={right}
            >
              {s.input && <PixelCanvas image={s.input} size={56} />}
              <figcaption>
                {t('trainExtras.truth', { label: name(s.label) })}
                <br />
                {t('trainExtras.predicted', {
                  label: name(s.predicted),
                  p: (s.probability * 100).toFixed(0),
                })}
              </figcaption>
            </figure>
          )
        })}
      </div>
    </div>
  )
}

/** Input, true mask and predicted mask of the fixed validation images, side by side. */
export function MaskPredictions({ samples }: { samples: Masked[] }) {
  const { t } = useTranslation()
  return (
    <div>
      <h4>{t('trainExtras.masks')}</h4>
      <div className="mask-columns" data-testid="mask-predictions">
        {[samples.slice(0, Math.ceil(samples.length / 2)), samples.slice(Math.ceil(samples.length / 2))].map(
          (part, i) =>
            part.length > 0 && (
              <div className="mask-grid" key={i}>
                <span>{t('trainExtras.input')}</span>
                <span>{t('trainExtras.trueMask')}</span>
                <span>{t('trainExtras.predictedMask')}</span>
                {part.map((s) => [
                  <PixelCanvas key={`${s.index}i`} image={s.input} testId="mask-input" />,
                  <PixelCanvas key={`${s.index}t`} image={s.truth} classes={s.classes} testId="mask-truth" />,
                  <PixelCanvas
                    key={`${s.index}p`}
                    image={s.predicted}
                    classes={s.classes}
                    testId="mask-predicted"
                  />,
                ])}
              </div>
            ),
        )}
      </div>
    </div>
  )
}
