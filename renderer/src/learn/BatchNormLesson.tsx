import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { presetDocs, useCourseRuns, type PlannedRun } from '../store/course-runs'
import { useRunPicks } from '../store/run-picks'
import { useTraining } from '../store/training'
import { useUi } from '../store/ui'
import { NumberField } from './NumberField'
import { CourseRunsStatus } from './CourseRunsStatus'

/**
 * The batch-normalisation chapter's experiment in one click: the course's LeNet and BN-LeNet
 * trained on the same images with the same seed and epochs, then laid over each other in Runs.
 */
export function BatchNormLesson() {
  const { t } = useTranslation()
  const [limit, setLimit] = useState(12000)
  const [epochs, setEpochs] = useState(2)
  const [error, setError] = useState('')
  const going = useCourseRuns((s) => s.status === 'running')
  const training = useTraining(
    (s) => s.status === 'starting' || s.status === 'running' || s.status === 'paused',
  )
  const compare = async () => {
    setError('')
    try {
      const docs = await presetDocs(['lenet', 'bn-lenet'])
      // each keeps the course's own learning rate; images, epochs and seed are shared
      const plan: PlannedRun[] = docs.map((doc) => ({
        name: doc.name,
        doc,
        overrides: {
          epochs,
          seed: 42,
          dataset: { ...doc.training.dataset, limit: Math.round(limit) },
        },
      }))
      const ids = await useCourseRuns.getState().runAll('bn', plan)
      if (!ids) return
      useRunPicks.getState().setPicked(ids)
      useUi.getState().setTab('runs')
    } catch (e) {
      setError((e as Error).message)
    }
  }
  return (
    <div>
      <p className="learn-note">{t('learnBn.note')}</p>
      <p className="learn-note">{t('learnBn.why')}</p>
      <div className="learn-controls">
        <NumberField
          label={t('learnBn.images')}
          value={limit}
          onChange={setLimit}
          min={100}
          max={70000}
          step={100}
          testId="bn-limit"
        />
        <NumberField
          label={t('learnBn.epochs')}
          value={epochs}
          onChange={setEpochs}
          min={1}
          max={20}
          step={1}
          testId="bn-epochs"
        />
        <button
          className="primary"
          data-testid="bn-compare"
          disabled={going || training}
          title={training ? t('courseRuns.busy') : undefined}
          onClick={() => void compare()}
        >
          {t('learnBn.compare')}
        </button>
      </div>
      {error && <p className="error-text">{error}</p>}
      <CourseRunsStatus which="bn" testId="bn-compare-status" />
      <p className="learn-note">{t('learnBn.expect')}</p>
    </div>
  )
}
