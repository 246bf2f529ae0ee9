import { useTranslation } from 'react-i18next'
import { trainingSchema, type TrainingConfig } from '../../../engine/graph/schema'
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
  // out-of-range numbers are clamped to what the training schema accepts
  const num = (text: string, min: number, max: number) => Math.min(max, Math.max(min, Number(text) || 0))
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
      <label>
        {t('shell.split')}{' '}
        <input
          type="number"
          data-testid="validation-split"
          min={0}
          max={0.9}
          step={0.05}
          value={training.validationSplit}
          onChange={(e) => set({ validationSplit: num(e.target.value, 0, 0.9) })}
        />
      </label>
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
          <label>
            {t('shell.crop')}{' '}
            <input
              type="number"
              min={0}
              max={64}
              value={augment.cropPadding}
              onChange={(e) => setAugment({ cropPadding: Math.round(num(e.target.value, 0, 64)) })}
            />
          </label>
          <label>
            {t('shell.brightness')}{' '}
            <input
              type="number"
              min={0}
              max={1}
              step={0.05}
              value={augment.brightness}
              onChange={(e) => setAugment({ brightness: num(e.target.value, 0, 1) })}
            />
          </label>
          <label>
            {t('shell.contrast')}{' '}
            <input
              type="number"
              min={0}
              max={1}
              step={0.05}
              value={augment.contrast}
              onChange={(e) => setAugment({ contrast: num(e.target.value, 0, 1) })}
            />
          </label>
          <CourseAugment augment={augment} set={setAugment} />
        </fieldset>
      )}
    </div>
  )
}
