import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useShallow } from 'zustand/react/shallow'
import { OPTIMIZERS } from '../../../engine/graph/schema'
import { LossChart } from '../charts/LossChart'
import { useAnalysis } from '../store/analysis'
import { useGraph } from '../store/graph'
import { formatBytes } from '../../../engine/budget/data'
import { secondsLeft } from '../store/eta'
import { useTraining, type Status } from '../store/training'
import { DEVICE_CHOICES, DevicePicker, type DeviceChoice } from './DevicePicker'
import { EpochViews } from './EpochViews'
import { FoldSummaryTable } from './FoldSummary'
import { MemoryRefusal, useMemoryShortfall } from './MemoryCheck'
import { ProblemList } from './ProblemList'
import { ScheduleField } from './ScheduleField'
import { StartFromPicker, TransferReportView } from './StartFrom'

const WORKER_CHOICES = ['auto', '1', '2', '4']

const isBusy = (s: Status) => s === 'starting' || s === 'running' || s === 'paused'

/**
 * Training settings, Start/Pause/Stop, progress with ETA and the live loss chart. Each part
 * reads only the training state it shows, so a batch event redraws the progress line and the
 * chart, not the settings form.
 */
export function Training() {
  const { t } = useTranslation()
  const doc = useGraph((s) => s.doc)
  const analysis = useAnalysis()
  const tr = useTraining(useShallow((s) => ({ status: s.status, start: s.start, control: s.control })))
  const cfg = doc.training
  const [epochs, setEpochs] = useState(cfg.epochs)
  const [batchSize, setBatchSize] = useState(cfg.batchSize)
  const [lr, setLr] = useState(cfg.optimizer.lr)
  const [optimizer, setOptimizer] = useState(cfg.optimizer.type)
  const [schedule, setSchedule] = useState(cfg.schedule)
  const [limit, setLimit] = useState(cfg.dataset.limit ? String(cfg.dataset.limit) : '')
  const [workers, setWorkers] = useState(String(cfg.workers))
  const [device, setDevice] = useState<DeviceChoice>('auto')
  const startFrom = useTraining((s) => s.initFromRun)
  const busy = isBusy(tr.status)
  const shortfall = useMemoryShortfall(batchSize, optimizer, DEVICE_CHOICES[device])
  const blocked = !analysis.ok || shortfall !== null
  return (
    <div className="training" data-testid="training">
      <div className="training-form">
        <label>
          {t('training.dataset')} <code>{cfg.dataset.name}</code>
        </label>
        <label title={t('trainExtras.limitHint')}>
          {t('trainExtras.limit')}
          <input
            type="number"
            min={1}
            data-testid="train-limit"
            placeholder={t('trainExtras.limitHint')}
            value={limit}
            onChange={(e) => setLimit(e.target.value)}
          />
        </label>
        <label>
          {t('training.epochs')}
          <input
            type="number"
            min={1}
            data-testid="train-epochs"
            value={epochs}
            onChange={(e) => setEpochs(Number(e.target.value))}
          />
        </label>
        <label>
          {t('training.batchSize')}
          <input
            type="number"
            min={1}
            data-testid="train-batch-size"
            value={batchSize}
            onChange={(e) => setBatchSize(Number(e.target.value))}
          />
        </label>
        <label>
          {t('training.lr')}
          <input
            type="number"
            step="any"
            data-testid="train-lr"
            value={lr}
            onChange={(e) => setLr(Number(e.target.value))}
          />
        </label>
        <label>
          {t('training.optimizer')}
          <select
            data-testid="train-optimizer"
            value={optimizer}
            onChange={(e) => setOptimizer(e.target.value as typeof optimizer)}
          >
            {OPTIMIZERS.map((o) => (
              <option key={o}>{o}</option>
            ))}
          </select>
        </label>
        <ScheduleField value={schedule} onChange={setSchedule} />
        <label title={t('trainExtras.workersHint')}>
          {t('trainExtras.workers')}
          <select data-testid="train-workers" value={workers} onChange={(e) => setWorkers(e.target.value)}>
            {WORKER_CHOICES.map((w) => (
              <option key={w} value={w}>
                {w === 'auto' ? t('trainExtras.workersAuto') : w}
              </option>
            ))}
          </select>
        </label>
        <DevicePicker value={device} onChange={setDevice} />
        <StartFromPicker value={startFrom} onChange={useTraining.getState().setInitFromRun} />
        {!busy ? (
          <button
            className="primary"
            data-testid="train-start"
            disabled={blocked}
            title={!analysis.ok ? t('problems.blocked') : shortfall ? t('memory.title') : undefined}
            onClick={() =>
              void tr.start(
                doc,
                {
                  epochs,
                  batchSize,
                  optimizer: { ...cfg.optimizer, type: optimizer, lr },
                  schedule,
                  workers: workers === 'auto' ? 'auto' : Number(workers),
                  // an empty field means the whole dataset, even when the graph itself sets a limit
                  dataset: {
                    ...cfg.dataset,
                    limit: Number(limit) > 0 ? Math.floor(Number(limit)) : undefined,
                  },
                },
                DEVICE_CHOICES[device],
                startFrom || undefined,
              )
            }
          >
            {t('training.start')}
          </button>
        ) : (
          <>
            {tr.status === 'paused' ? (
              <button onClick={() => tr.control('resume')}>{t('training.resume')}</button>
            ) : (
              <button data-testid="train-pause" onClick={() => tr.control('pause')}>
                {t('training.pause')}
              </button>
            )}
            <button data-testid="train-stop" onClick={() => tr.control('stop')}>
              {t('training.stop')}
            </button>
          </>
        )}
      </div>
      {!analysis.ok && !busy && (
        <div className="train-blocked" data-testid="train-blocked">
          <p>{t('problems.blocked')}</p>
          <ProblemList limit={5} />
        </div>
      )}
      {shortfall && !busy && (
        <MemoryRefusal shortfall={shortfall} batchSize={batchSize} onUseBatch={setBatchSize} />
      )}
      <TrainingProgress />
      <TransferReportView />
      <LiveLossChart />
      <EpochViews />
    </div>
  )
}

function TrainingProgress() {
  const { t } = useTranslation()
  const tr = useTraining(
    useShallow((s) => ({
      status: s.status,
      backend: s.backend,
      split: s.split,
      message: s.message,
      progress: s.progress,
      phase: s.phase,
      eta: secondsLeft(s),
      last: s.epochs.at(-1),
      memory: s.memory,
      fold: s.fold,
      cv: s.crossValidation,
    })),
  )
  const busy = isBusy(tr.status)
  const { epoch, epochs: total, batch, batches } = tr.progress
  const share = total ? (epoch - 1 + batch / Math.max(1, batches)) / total : 0
  // with folds, the bar covers them all: fold i's share follows the i − 1 folds already done
  const done = (tr.fold ? (tr.fold.fold + share) / tr.fold.folds : share) * 100
  const { last } = tr
  return (
    <>
      <div className="training-status" data-testid="training-status" data-status={tr.status}>
        {tr.backend && (
          <span data-testid="training-backend">
            {t('training.backend')}: {tr.backend}
          </span>
        )}
        {tr.split && (
          <span data-testid="training-split">{t(`training.split.${tr.split.kind}`, tr.split)}</span>
        )}
        {tr.fold && (busy || !tr.cv) && (
          <span data-testid="training-fold" data-fold={tr.fold.fold + 1} data-folds={tr.fold.folds}>
            {t('folds.progress', { fold: tr.fold.fold + 1, folds: tr.fold.folds })}
          </span>
        )}
        {busy && tr.phase && <span data-testid="training-phase">{t(`training.phase.${tr.phase}`)}</span>}
        {busy && total > 0 && (
          <span>{t('training.epoch', { epoch: Math.max(1, epoch), epochs: total })}</span>
        )}
        {busy && tr.eta !== null && <span>{t('training.eta', { seconds: tr.eta })}</span>}
        {busy && tr.memory && (
          <span data-testid="training-memory">
            {t(tr.memory.gpu ? 'training.memoryGpu' : 'training.memory', {
              size: formatBytes(tr.memory.bytes),
            })}
          </span>
        )}
        {tr.status === 'idle' && <span>{t('training.idle')}</span>}
        {tr.status === 'finished' && (
          <span>
            {t('training.finished', {
              reason: t(`training.reason.${tr.message}`, { defaultValue: tr.message }),
            })}
          </span>
        )}
        {tr.status === 'failed' && (
          <span className="error-text">{t('training.failed', { message: tr.message })}</span>
        )}
        {last && (
          <span data-testid="training-last-epoch">
            {[
              `${t('training.loss')} ${last.loss.toFixed(3)}`,
              ...(last.valLoss !== null ? [`${t('training.valLoss')} ${last.valLoss.toFixed(3)}`] : []),
              ...Object.entries(last.valMetrics).map(
                ([k, v]) =>
                  `${t('training.valMetric', { metric: t(`training.metric.${k}`) })} ${v.toFixed(3)}`,
              ),
            ].join(' · ')}
          </span>
        )}
      </div>
      <progress data-testid="train-progress" max={100} value={Math.min(100, Math.max(0, done))} />
      {tr.cv && <FoldSummaryTable folds={tr.cv.folds} summary={tr.cv.summary} />}
    </>
  )
}

function LiveLossChart() {
  const { t } = useTranslation()
  const points = useTraining((s) => s.points)
  const epochs = useTraining((s) => s.epochs)
  return (
    <LossChart
      points={points}
      epochs={epochs}
      loss={t('training.loss')}
      val={t('training.valLoss')}
      epochLabel={t('axis.epoch')}
    />
  )
}
