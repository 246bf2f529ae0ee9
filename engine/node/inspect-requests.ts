/**
 * The engine host's side of the Inspect tab: which saved runs can be inspected, their weight
 * histograms (kept beside the checkpoint as the run streams them), and the worker-computed
 * activations and decision boundaries.
 */
import { existsSync, promises as fs } from 'node:fs'
import path from 'node:path'
import type { Args, InspectRun } from '../app-contract'
import { analyze } from '../graph/analyze'
import { parseGraph } from '../graph/parse'
import type { ActivationsResult, BoundaryResult, GenerateResult, TrainEvent } from '../protocol'
import { runInspect } from './host'
import { ATTENTION_KINDS, readCheckpointMeta } from './inspect'
import { CHECKPOINT_FILE } from './run'

const HISTOGRAMS_FILE = 'histograms.jsonl'
type HistogramsEvent = Extract<TrainEvent, { type: 'histograms' }>

/** Each run folder's chain of histogram writes, so a read waits for the epochs already streamed. */
const writing = new Map<string, Promise<void>>()

/**
 * Wraps a run's event forwarder so its histograms are also appended to the run's folder: the
 * Inspect tab can then show them for runs of an earlier session.
 */
export function keepHistograms(dir: string, forward: (e: TrainEvent) => void): (e: TrainEvent) => void {
  let writes = fs.mkdir(dir, { recursive: true }).then(() => {})
  const file = path.join(dir, HISTOGRAMS_FILE)
  return (e) => {
    forward(e)
    // cross-validation keeps the last fold's weights, so it keeps the last fold's histograms too
    const write =
      e.type === 'histograms'
        ? () => fs.appendFile(file, JSON.stringify({ epoch: e.epoch, layers: e.layers }) + '\n')
        : e.type === 'fold-started' && e.fold > 0
          ? () => fs.writeFile(file, '')
          : null
    if (!write) return
    // chained so epochs stay in order; a failed write costs the history, never the run
    writes = writes.then(write).catch(() => {})
    const mine = writes
    writing.set(dir, mine)
    void mine.then(() => {
      if (writing.get(dir) === mine) writing.delete(dir)
    })
  }
}

export function inspectHandlers(runDir: (runId: string) => string, runsDir: string) {
  const checkpointOf = (runId: string) => {
    const file = path.join(runDir(runId), CHECKPOINT_FILE)
    if (!existsSync(file))
      throw new Error(`run ${runId} has no checkpoint yet: inspection needs at least one completed epoch`)
    return file
  }
  return {
    'inspect:runs': async (): Promise<InspectRun[]> => {
      const ids = existsSync(runsDir) ? await fs.readdir(runsDir) : []
      const runs = await Promise.all(
        ids.map(async (runId): Promise<InspectRun | null> => {
          const file = path.join(runDir(runId), CHECKPOINT_FILE)
          if (!existsSync(file)) return null
          const meta = await readCheckpointMeta(file).catch(() => null)
          const parsed = meta && parseGraph(meta.graph)
          if (!meta || !parsed?.ok) return null
          const analysis = analyze(parsed.doc)
          const input = analysis.order.find((n) => n.id === analysis.inputs[0])
          return {
            runId,
            name: parsed.doc.name,
            epoch: meta.epoch,
            dataset: meta.training.dataset.name,
            modified: (await fs.stat(file)).mtimeMs,
            inputShape: input?.outputShape ?? [],
            conv: analysis.order.some((n) => n.type === 'Conv2D'),
            attention: analysis.order.some((n) => ATTENTION_KINDS.includes(n.type)),
            languageModel: meta.dataset?.layout === 'language-model',
          }
        }),
      )
      return runs.filter((r): r is InspectRun => r !== null).sort((a, b) => b.modified - a.modified)
    },
    'inspect:histograms': async ({ runId }: { runId: string }): Promise<HistogramsEvent[]> => {
      await writing.get(runDir(runId))
      const text = await fs.readFile(path.join(runDir(runId), HISTOGRAMS_FILE), 'utf8').catch(() => '')
      return text
        .split('\n')
        .filter(Boolean)
        .map((l) => ({ type: 'histograms', ...(JSON.parse(l) as Omit<HistogramsEvent, 'type'>) }))
    },
    'inspect:activations': async ({ runId, sampleIndex }: { runId: string; sampleIndex: number }) =>
      (await runInspect({
        what: 'activations',
        checkpoint: checkpointOf(runId),
        sampleIndex,
      })) as ActivationsResult,
    'inspect:boundary': async ({ runId, resolution }: { runId: string; resolution: number }) =>
      (await runInspect({ what: 'boundary', checkpoint: checkpointOf(runId), resolution })) as BoundaryResult,
    'inspect:generate': async ({ runId, ...settings }: Args<'inspect:generate'>) =>
      (await runInspect({
        what: 'generate',
        checkpoint: checkpointOf(runId),
        ...settings,
      })) as GenerateResult,
  }
}
