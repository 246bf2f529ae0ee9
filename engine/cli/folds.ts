/**
 * `deepwire train --folds K`: K runs of the same graph, run i validating on fold i, then each
 * validation measure's mean ± std across the folds — the course's model-selection recipe.
 */
import { foldMeasures, foldSummary, meanStd, type FoldSummary } from '../data/folds'
import { CliError } from './input'
import type { TrainEvent } from '../protocol'

type EpochEnd = Extract<TrainEvent, { type: 'epoch-end' }>

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
): Promise<FoldSummary> {
  const ends: EpochEnd[] = []
  for (let fold = 0; fold < k; fold++) {
    if (!json) console.error(`fold ${fold + 1} of ${k}`)
    const end = await runFold(fold)
    if (!end) throw new CliError(`fold ${fold + 1} of ${k} stopped before its first epoch ended`)
    ends.push(end)
  }
  const measures = foldMeasures(ends)
  const summary = foldSummary(ends)
  console.log(
    json
      ? JSON.stringify({ folds: k, summary })
      : `${k}-fold cross-validation:\n${formatFoldSummary(measures)}`,
  )
  return summary
}
