/**
 * What the run comparison shows, as plain functions of the recorded runs: labels, the metric to
 * plot, the curves, and the settings table with the rows that differ.
 */
import type { RunRecord, RunSettings } from '../../../engine/app-contract'

export const SETTING_KEYS = [
  'graphName',
  'graphHash',
  'dataset',
  'datasetOptions',
  'trainableParams',
  'activations',
  'layers',
  'loss',
  'optimizer',
  'lr',
  'weightDecay',
  'schedule',
  'batchSize',
  'epochs',
  'split',
  'validationSplit',
  'seed',
  'augment',
  'folds',
  'backend',
] as const
export type SettingKey = (typeof SETTING_KEYS)[number]

export interface SettingRow {
  key: SettingKey
  values: string[]
  differs: boolean
}

/** A setting as text: lists joined, layer counts as `Conv2D×2`, numbers as written. */
export function settingText(run: RunRecord, key: SettingKey): string {
  if (key === 'backend') return run.backend ?? '—'
  const s: RunSettings | null = run.settings
  if (!s) return '—'
  const v = s[key]
  if (v === undefined) return '—'
  if (Array.isArray(v)) return v.join(', ') || '—'
  if (typeof v === 'object')
    return Object.entries(v)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, n]) => (n > 1 ? `${k}×${n}` : k))
      .join(' ')
  if (key === 'trainableParams') return (v as number).toLocaleString('en')
  return v === '' ? '—' : String(v)
}

/** One row per setting for the runs compared; `all` keeps the rows where every run agrees. */
export function settingsRows(runs: RunRecord[], all = false): SettingRow[] {
  return SETTING_KEYS.map((key) => {
    const values = runs.map((r) => settingText(r, key))
    return { key, values, differs: new Set(values).size > 1 }
  }).filter((r) => all || r.differs)
}

/** Runs numbered in the order they were started (#1 the oldest), whatever order they are listed in. */
export function runNumbers(runs: RunRecord[]): Map<string, number> {
  const sorted = [...runs].sort((a, b) => a.startedAt - b.startedAt)
  return new Map(sorted.map((r, i) => [r.id, i + 1]))
}

/** The validation metric to plot: accuracy when every run has it, else the first they share. */
export function sharedMetric(runs: RunRecord[]): string | null {
  const keys = runs.map((r) => new Set(r.epochs.flatMap((e) => Object.keys(e.valMetrics))))
  if (!keys.length) return null
  const common = [...keys[0]].filter((k) => keys.every((s) => s.has(k)))
  return common.includes('accuracy') ? 'accuracy' : (common[0] ?? null)
}

type Epoch = RunRecord['epochs'][number]

const mean = (vs: number[]) => vs.reduce((a, b) => a + b, 0) / vs.length

/**
 * A cross-validated run's epochs as one curve: epoch n's figures averaged over the folds that
 * reached it (a fold still training counts only where it has got to). Other runs' epochs as they are.
 */
export function foldMeanEpochs(epochs: Epoch[]): Epoch[] {
  if (!epochs.some((e) => e.fold !== undefined)) return epochs
  const by = new Map<number, Epoch[]>()
  for (const e of epochs) by.set(e.epoch, [...(by.get(e.epoch) ?? []), e])
  return [...by.entries()]
    .sort(([a], [b]) => a - b)
    .map(([epoch, es]) => {
      const avg = (f: (e: Epoch) => Record<string, number>) =>
        Object.fromEntries(Object.keys(f(es[0])).map((k) => [k, mean(es.map((e) => f(e)[k] ?? NaN))]))
      const val = es.map((e) => e.valLoss)
      return {
        epoch,
        loss: mean(es.map((e) => e.loss)),
        valLoss: val.every((v) => v !== null) ? mean(val as number[]) : null,
        metrics: avg((e) => e.metrics),
        valMetrics: avg((e) => e.valMetrics),
        lr: es[0].lr,
        seconds: mean(es.map((e) => e.seconds)),
      }
    })
}

/** [epoch, value] points of a run's training loss, validation loss and a validation metric. */
export function runCurves(run: RunRecord, metric: string | null) {
  const pts = (f: (e: RunRecord['epochs'][number]) => number | null | undefined) =>
    foldMeanEpochs(run.epochs).flatMap((e) => {
      const v = f(e)
      return v === null || v === undefined ? [] : [[e.epoch, v] as [number, number]]
    })
  return {
    loss: pts((e) => e.loss),
    valLoss: pts((e) => e.valLoss),
    metric: metric ? pts((e) => e.valMetrics[metric]) : [],
  }
}
