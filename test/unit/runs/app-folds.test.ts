/**
 * k-fold cross-validation in the app: the engine host trains every fold of a graph that sets
 * `training.folds`, one after another, and records the folds' mean ± std (the CLI's numbers).
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { foldSummary, meanStd } from '../../../engine/data/folds'
import { requestedFolds, startFoldRuns } from '../../../engine/node/fold-runs'
import type { TrainingHandle } from '../../../engine/node/host'
import type { RunRecord } from '../../../engine/node/runs'
import type { TrainEvent, TrainRequest } from '../../../engine/protocol'
import { recordingHost } from '../../helpers/host'

const preset = (name: string) => JSON.parse(readFileSync(`presets/${name}.json`, 'utf8'))

const epochEnd = (epoch: number, valLoss: number, rmse: number): TrainEvent => ({
  type: 'epoch-end',
  epoch,
  loss: 1,
  valLoss,
  metrics: {},
  valMetrics: { rmse },
  samplesPerSec: 1,
  seconds: 1,
  lr: 0.1,
})

/** A stand-in engine: fold f ends its two epochs with val loss f + 1 (or as `outcome` says). */
function fakeStart(outcome: (fold: number) => 'ok' | 'fail' | 'stop' = () => 'ok') {
  const requests: TrainRequest[] = []
  const start = (request: TrainRequest, onEvent: (e: TrainEvent) => void): TrainingHandle => {
    requests.push(request)
    const fold = request.overrides!.fold as number
    const how = outcome(fold)
    const done = Promise.resolve().then((): TrainEvent => {
      onEvent(epochEnd(1, 10, 10))
      onEvent(epochEnd(2, fold + 1, 2 * (fold + 1)))
      const end: TrainEvent =
        how === 'fail'
          ? { type: 'failed', message: 'out of memory' }
          : { type: 'finished', reason: how === 'stop' ? 'stopped' : 'completed', epochs: 2, history: [] }
      onEvent(end)
      return end
    })
    return { stop() {}, pause() {}, resume() {}, kill: async () => {}, pid: undefined, done }
  }
  return { start, requests }
}

describe('which requests cross-validate', () => {
  it('are those whose overrides or graph set folds without naming one fold', () => {
    expect(requestedFolds({ training: { folds: 5 } }, {})).toBe(5)
    expect(requestedFolds({ training: {} }, { folds: 3 })).toBe(3)
    expect(requestedFolds({ training: { folds: 5 } }, { fold: 2 })).toBeUndefined()
    expect(requestedFolds({ training: {} }, {})).toBeUndefined()
    // counts the schema refuses go to a single run, which says why in its own words
    expect(requestedFolds({ training: { folds: 1 } }, {})).toBeUndefined()
    expect(requestedFolds({ training: { folds: 2.5 } }, {})).toBeUndefined()
    expect(requestedFolds(null, {})).toBeUndefined()
  })
})

describe('the fold runner', () => {
  it('trains fold 0..K−1 in turn, tags their epochs and ends once with the mean ± std', async () => {
    const { start, requests } = fakeStart()
    const events: TrainEvent[] = []
    const handle = startFoldRuns({ graph: {}, overrides: { epochs: 2 } }, 3, start, (e) => events.push(e))
    const end = await handle.done
    expect(requests.map((r) => r.overrides)).toEqual([0, 1, 2].map((fold) => ({ epochs: 2, folds: 3, fold })))
    expect(events.filter((e) => e.type === 'fold-started')).toEqual(
      [0, 1, 2].map((fold) => ({ type: 'fold-started', fold, folds: 3 })),
    )
    const folds = events.flatMap((e) => (e.type === 'epoch-end' ? [e.fold] : []))
    expect(folds).toEqual([0, 0, 1, 1, 2, 2])
    // the folds' own ends stay inside: one 'finished', after the summary
    expect(events.filter((e) => e.type === 'finished')).toHaveLength(1)
    expect(end).toMatchObject({ type: 'finished', reason: 'completed' })
    const cv = events.at(-2)
    expect(cv?.type).toBe('cross-validated')
    if (cv?.type !== 'cross-validated') return
    // the last epoch of each fold: val losses 1, 2, 3 → mean 2, sample std 1
    expect(cv.summary.val_loss).toEqual({ mean: 2, std: 1, folds: [1, 2, 3] })
    expect(cv.summary.val_rmse.mean).toBeCloseTo(4)
    expect(cv.summary.val_rmse.std).toBeCloseTo(2)
  })

  it('stops at the first failed fold, naming it, and at a stopped one without a summary', async () => {
    const failing = fakeStart((f) => (f === 1 ? 'fail' : 'ok'))
    const events: TrainEvent[] = []
    const end = await startFoldRuns({ graph: {} }, 4, failing.start, (e) => events.push(e)).done
    expect(end).toEqual({ type: 'failed', message: 'fold 2 of 4: out of memory' })
    expect(failing.requests).toHaveLength(2)
    expect(events.some((e) => e.type === 'cross-validated')).toBe(false)

    const stopping = fakeStart((f) => (f === 0 ? 'stop' : 'ok'))
    const end2 = await startFoldRuns({ graph: {} }, 4, stopping.start, () => {}).done
    expect(end2).toMatchObject({ type: 'finished', reason: 'stopped' })
    expect(stopping.requests).toHaveLength(1)
  })
})

describe('cross-validation through the engine host', () => {
  it('runs every fold of the house-prices preset and records each measure’s mean ± std', async () => {
    const { host, events, train } = recordingHost('dw-host-folds-')
    const graph = preset('house-prices-kfold')
    const runId = await train({ graph, overrides: { epochs: 3, folds: 2 } })
    const end = events.at(-1)
    expect(end).toMatchObject({ type: 'finished', reason: 'completed' })
    expect(
      events.filter((e) => e.type === 'fold-started').map((e) => e.type === 'fold-started' && e.fold),
    ).toEqual([0, 1])
    // every fold validated on its own half of Boston's 506 rows
    const splits = events.flatMap((e) => (e.type === 'run-started' ? [e.dataset] : []))
    expect(splits.map((d) => [d.split, d.train, d.val])).toEqual([
      ['fold', 253, 253],
      ['fold', 253, 253],
    ])
    // the host's record: epochs tagged by fold and the summary computed from the folds' last epochs
    let run: RunRecord | undefined
    for (let i = 0; i < 50 && !run?.crossValidation; i++) {
      run = ((await host.handle('runs:list', {})) as RunRecord[]).find((r) => r.id === runId)
      await new Promise((r) => setTimeout(r, 50))
    }
    expect(run?.settings?.folds).toBe(2)
    expect(run?.epochs.map((e) => e.fold)).toEqual([0, 0, 0, 1, 1, 1])
    const lasts = [0, 1].map((f) => run!.epochs.filter((e) => e.fold === f).at(-1)!)
    expect(run?.crossValidation?.folds).toBe(2)
    expect(run?.crossValidation?.summary).toEqual(foldSummary(lasts))
    const logRmse = run!.crossValidation!.summary['val_log-rmse']
    expect(logRmse.folds).toHaveLength(2)
    expect(logRmse).toMatchObject(meanStd(lasts.map((e) => e.valMetrics['log-rmse'])))
    // like the checkpoint, the Inspect histograms are the last fold's
    const hist = (await host.handle('inspect:histograms', { runId })) as { epoch: number }[]
    expect(hist.map((h) => h.epoch)).toEqual([1, 2, 3])
    await host.dispose()
  }, 60_000)
})
