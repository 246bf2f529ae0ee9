import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import type { SamplePrediction } from '../../../engine/protocol'
import { ConfusionMatrix } from '../charts/ConfusionMatrix'
import { useTraining } from '../store/training'
import { PerClassAccuracy } from './PerClassAccuracy'
import { DetectionPredictions } from './DetectionPredictions'
import { MaskPredictions, SamplePredictions } from './SamplePredictions'
import './training-extras.css'

/** What the model makes of the validation set at the last epoch end. */
export function EpochViews() {
  const { t } = useTranslation()
  const last = useTraining((s) => s.epochs.at(-1))
  const samples = useTraining((s) => s.samples)
  const confusion = last?.confusion
  // the same names every epoch: a new array would rebuild the confusion chart's axes each time
  const k = confusion?.matrix.length ?? 0
  const classNames = JSON.stringify(confusion?.classNames ?? [])
  const names = useMemo(() => {
    const given = JSON.parse(classNames) as string[]
    return Array.from({ length: k }, (_, i) => given[i] ?? String(i))
  }, [k, classNames])
  const labels = useMemo(
    () => ({ truth: t('trainExtras.trueClass'), predicted: t('trainExtras.predictedClass') }),
    [t],
  )
  if (!last) return null
  const classified = samples.filter(
    (s): s is Extract<SamplePrediction, { kind: 'classification' }> => s.kind === 'classification',
  )
  const masked = samples.filter(
    (s): s is Extract<SamplePrediction, { kind: 'segmentation' }> => s.kind === 'segmentation',
  )
  const detected = samples.filter(
    (s): s is Extract<SamplePrediction, { kind: 'detection' }> => s.kind === 'detection',
  )
  return (
    <section className="epoch-views" data-testid="epoch-views" data-epoch={last.epoch}>
      <h4 style={{ flexBasis: '100%' }}>{t('trainExtras.epochEnd', { epoch: last.epoch })}</h4>
      {confusion && (
        <div>
          <h4>{t('trainExtras.confusion')}</h4>
          <div className="hint">{t('trainExtras.confusionAxes')}</div>
          <ConfusionMatrix confusion={confusion} names={names} labels={labels} />
        </div>
      )}
      {confusion && <PerClassAccuracy confusion={confusion} names={names} />}
      {classified.length > 0 && <SamplePredictions samples={classified} names={names} />}
      {masked.length > 0 && <MaskPredictions samples={masked} />}
      {detected.length > 0 && <DetectionPredictions samples={detected} />}
    </section>
  )
}
