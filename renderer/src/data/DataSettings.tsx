import { useTranslation } from 'react-i18next'
import { trainingSchema, type TrainingConfig } from '../../../engine/graph/schema'
import { BoundedNumber } from '../fields/BoundedNumber'
import { useGraph } from '../store/graph'
import { CourseAugment } from './CourseAugment'
import { TextSettings } from './TextSettings'

type Augment = NonNullable<TrainingConfig['augment']>
const NO_AUGMENT: Augment = trainingSchema.shape.augment.unwrap().parse({})

/**
 * How much of the dataset to use and how to split it; augmentation for image datasets, tokens
 * and minibatches for text.
 */
export function DataSettings({ images, text = false }: { images: boolean; text?: boolean }) {
  const { t } = useTranslation()
  const training = useGraph((s) => s.doc.training)
  const set = (patch: Partial<TrainingConfig>) =>
    useGraph.getState().apply((d) => ({ ...d, training: { ...d.training, ...patch } }))
  const augment = { ...NO_AUGMENT, ...training.augment }
  const setAugment = (patch: Partial<Augment>) => set({ augment: { ...augment, ...patch } })
  return (
    <div className="data-settings">
      <label>
        {t('shell.splitKind')}{' '}
        <select
          data-testid="split-kind"
          value={training.split}
          onChange={(e) => set({ split: e.target.value as TrainingConfig['split'] })}
        >
          <option value="official">{t('shell.splitOfficial')}</option>
          <option value="holdout">{t('shell.splitHoldout')}</option>
        </select>
      </label>
      <BoundedNumber
        label={t('shell.split')}
        testId="validation-split"
        min={0}
        max={0.9}
        step={0.05}
        value={training.validationSplit}
        onChange={(validationSplit) => set({ validationSplit })}
      />
      <label>
        {t('shell.limit')}{' '}
        <input
          type="number"
          data-testid="dataset-limit"
          min={1}
          placeholder={t('shell.all')}
          value={training.dataset.limit ?? ''}
          onChange={(e) => {
            const limit = e.target.value === '' ? undefined : Math.max(1, Math.round(Number(e.target.value)))
            set({ dataset: { ...training.dataset, limit } })
          }}
        />
      </label>
      {text && <TextSettings dataset={training.dataset} set={(dataset) => set({ dataset })} />}
      {images && (
        <fieldset>
          <legend>{t('shell.augment')}</legend>
          <label>
            <input
              type="checkbox"
              data-testid="augment-flip"
              checked={augment.flip}
              onChange={(e) => setAugment({ flip: e.target.checked })}
            />{' '}
            {t('shell.flip')}
          </label>
          <BoundedNumber
            label={t('shell.crop')}
            min={0}
            max={64}
            integer
            value={augment.cropPadding}
            onChange={(cropPadding) => setAugment({ cropPadding })}
          />
          <BoundedNumber
            label={t('shell.brightness')}
            min={0}
            max={1}
            step={0.05}
            value={augment.brightness}
            onChange={(brightness) => setAugment({ brightness })}
          />
          <BoundedNumber
            label={t('shell.contrast')}
            min={0}
            max={1}
            step={0.05}
            value={augment.contrast}
            onChange={(contrast) => setAugment({ contrast })}
          />
          <CourseAugment augment={augment} set={setAugment} />
        </fieldset>
      )}
    </div>
  )
}
