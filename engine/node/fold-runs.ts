/**
 * Cross-validation in the app: a graph whose training sets `folds` (and names no single `fold`)
 * trains every fold in turn, as `deepwire train --folds K` does, inside one app run. The page
 * hears "fold i of K" before each fold's own events, and the folds' mean ± std at the end.
 * One fold at a time, because the host runs one training at a time.
 */
import { foldSummary, type FoldEnd } from '../data/folds'
import type { EpochRecord, TrainEvent, TrainRequest } from '../protocol'
import type { TrainingHandle } from './host'

type Start = (request: TrainRequest, onEvent: (e: TrainEvent) => void) => TrainingHandle
type Ended = Extract<TrainEvent, { type: 'finished' | 'failed' }>

const MAX_FOLDS = 50

/**
 * How many folds the app should run for this request: the overrides' or else the graph's
 * `folds`; undefined for a single run (no folds, one named `fold`, or a count the schema will
 * refuse, which the single run then reports in its own words).
 */
export function requestedFolds(graph: unknown, overrides: Record<string, unknown>): number | undefined {
  if (overrides.fold !== undefined) return undefined
  const training = (graph as { training?: { folds?: unknown } } | null)?.training
  const k = overrides.folds ?? (training && typeof training === 'object' ? training.folds : undefined)
  return typeof k === 'number' && Number.isInteger(k) && k >= 2 && k <= MAX_FOLDS ? k : undefined
}

/**
 * Runs folds 0..k−1 one after another through `start`, forwarding each fold's events with its
 * epochs tagged by fold. Each fold's own end stays inside; the cross-validation ends once, with
 * 'cross-validated' then 'finished', or with the first fold that failed or was stopped.
 */
export function startFoldRuns(
  request: TrainRequest,
  k: number,
  start: Start,
  onEvent: (e: TrainEvent) => void,
): TrainingHandle {
  let current: TrainingHandle | undefined
  let stopped = false
  let paused = false
  const history: EpochRecord[] = []
  const finish = (e: Ended): Ended => {
    onEvent(e)
    return e
  }
  const done = (async (): Promise<Ended> => {
    const ends: FoldEnd[] = []
    for (let fold = 0; fold < k; fold++) {
      if (stopped) return finish({ type: 'finished', reason: 'stopped', epochs: history.length, history })
      onEvent({ type: 'fold-started', fold, folds: k })
      let last: FoldEnd | undefined
      try {
        current = start({ ...request, overrides: { ...request.overrides, folds: k, fold } }, (e) => {
          // a fold's end is not the run's: the outcome is read from `done` below, once
          if (e.type === 'finished' || e.type === 'failed') return
          if (e.type === 'epoch-end') last = e
          onEvent(e.type === 'epoch-end' ? { ...e, fold } : e)
        })
      } catch (e) {
        return finish({ type: 'failed', message: `fold ${fold + 1} of ${k}: ${(e as Error).message}` })
      }
      if (paused) current.pause()
      const end = await current.done
      if (end.type === 'failed')
        return finish({ ...end, message: `fold ${fold + 1} of ${k}: ${end.message}` })
      if (end.type !== 'finished')
        return finish({ type: 'failed', message: `fold ${fold + 1} of ${k} ended oddly` })
      history.push(...end.history)
      if (end.reason === 'stopped' || stopped)
        return finish({ type: 'finished', reason: 'stopped', epochs: history.length, history })
      if (!last)
        return finish({ type: 'failed', message: `fold ${fold + 1} of ${k} ended before its first epoch` })
      ends.push(last)
    }
    onEvent({ type: 'cross-validated', folds: k, summary: foldSummary(ends) })
    return finish({ type: 'finished', reason: 'completed', epochs: history.length, history })
  })()
  return {
    stop() {
      stopped = true
      current?.stop()
    },
    pause() {
      paused = true
      current?.pause()
    },
    resume() {
      paused = false
      current?.resume()
    },
    async kill() {
      stopped = true
      await current?.kill()
      await done
    },
    get pid() {
      return current?.pid
    },
    done,
  }
}
