import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { AppInfo } from '../../../engine/app-contract'
import type { DevicesReport } from '../../../engine/backend/devices'
import {
  estimateTrainingMemory,
  gib,
  largestBatch,
  memoryBudget,
  type MemoryEstimate,
} from '../../../engine/budget/memory'
import type { TrainingConfig } from '../../../engine/graph/schema'
import type { BackendPreference } from '../../../engine/protocol'
import { api } from '../api'
import { useAnalysis } from '../store/analysis'

let facts: Promise<[AppInfo, DevicesReport]> | null = null
const machine = () =>
  (facts ??= Promise.all([api.invoke('app:info', {}), api.invoke('devices:list', {})]).catch((e: unknown) => {
    facts = null
    throw e
  }))

/** The backend a preference trains on here ('auto' as the engine would resolve it). */
const resolve = (pref: BackendPreference, report: DevicesReport) => (pref === 'auto' ? report.auto : pref)

export interface MemoryShortfall {
  estimate: MemoryEstimate
  budget: number
  backend: string
  /** The largest batch that fits (0: not even the weights do). */
  fits: number
}

/**
 * The run's memory need against what the backend may use, with the same estimate and budget the
 * engine refuses a run by (engine/budget/memory.ts), so a run that cannot fit is refused here,
 * before Train is pressed; null while it fits (or before the machine's facts have arrived).
 */
export function useMemoryShortfall(
  batchSize: number,
  optimizer: TrainingConfig['optimizer']['type'],
  pref: BackendPreference,
): MemoryShortfall | null {
  const analysis = useAnalysis()
  const [known, setKnown] = useState<[AppInfo, DevicesReport] | null>(null)
  useEffect(() => {
    let live = true
    machine().then(
      (f) => live && setKnown(f),
      () => undefined,
    )
    return () => {
      live = false
    }
  }, [])
  if (!known || !analysis.ok || !(batchSize >= 1)) return null
  const [info, report] = known
  if (!info.totalMemory) return null
  const backend = resolve(pref, report)
  const estimate = estimateTrainingMemory(analysis, batchSize, optimizer)
  const budget = memoryBudget(backend, info.totalMemory, info.memoryBudgetMb)
  return estimate.total > budget ? { estimate, budget, backend, fits: largestBatch(estimate, budget) } : null
}

/** Why the run does not fit, in numbers, with the largest batch that does one click away. */
export function MemoryRefusal(props: {
  shortfall: MemoryShortfall
  batchSize: number
  onUseBatch(n: number): void
}) {
  const { t } = useTranslation()
  const { estimate: e, budget, backend, fits } = props.shortfall
  return (
    <div className="memory-refusal" data-testid="memory-refusal">
      <span className="error-text">
        {t('memory.refused', {
          batch: props.batchSize,
          need: gib(e.total),
          weights: gib(e.weights),
          gradients: gib(e.gradients),
          optimizer: gib(e.optimizer),
          activations: gib(e.activations),
          backend,
          budget: gib(budget),
        })}{' '}
        {fits >= 1 ? t('memory.fits', { n: fits }) : t('memory.tooBig')}
      </span>{' '}
      {fits >= 1 && (
        <button data-testid="use-batch" onClick={() => props.onUseBatch(fits)}>
          {t('memory.useBatch', { n: fits })}
        </button>
      )}
    </div>
  )
}
