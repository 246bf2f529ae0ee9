/**
 * `deepwire train --folds K`: K runs of the same graph, run i validating on fold i, then each
 * validation measure's mean ± std across the folds — the course's model-selection recipe.
 */
import { meanStd } from '../data/folds'
import { CliError } from './input'
import type { TrainEvent } from '../protocol'

type EpochEnd = Extract<TrainEvent, { type: 'epoch-end' }>

/** Each validation measure (loss first) of the folds' last epochs, as { name: values by fold }. */
export function foldMeasures(ends: readonly EpochEnd[]): Record<string, number[]> {
  const by: Record<string, number[]> = {}
  const add = (k: string, v: number | null) => v !== null && (by[k] ??= []).push(v)
  for (const e of ends) {
    add('val_loss', e.valLoss)
    for (const [k, v] of Object.entries(e.valMetrics)) add(`val_${k}`, v)
  }
  return by
}

/** One line per measure: `val_log-rmse 0.1612 ± 0.0213 (5 folds)`. */
export function formatFoldSummary(measures: Record<string, number[]>): string {
  return Object.entries(measures)
    .map(([k, vs]) => {
      const { mean, std } = meanStd(vs)
      return `${k} ${mean.toFixed(4)} ± ${std.toFixed(4)} (${vs.length} folds)`
    })
    .join('\n')
}

export async function crossValidate(
  k: number,
  runFold: (fold: number) => Promise<EpochEnd | undefined>,
  json: boolean,
): Promise<Record<string, { mean: number; std: number; folds: number[] }>> {
  const ends: EpochEnd[] = []
  for (let fold = 0; fold < k; fold++) {
    if (!json) console.error(`fold ${fold + 1} of ${k}`)
    const end = await runFold(fold)
    if (!end) throw new CliError(`fold ${fold + 1} of ${k} stopped before its first epoch ended`)
    ends.push(end)
  }
  const measures = foldMeasures(ends)
  const summary = Object.fromEntries(
    Object.entries(measures).map(([m, vs]) => [m, { ...meanStd(vs), folds: vs }]),
  )
  console.log(
    json
      ? JSON.stringify({ folds: k, summary })
      : `${k}-fold cross-validation:\n${formatFoldSummary(measures)}`,
  )
  return summary
}
