/**
 * The engine host: answers the app contract's requests and pushes training events. Electron's
 * main process and web mode's server both wrap this one object, so the app behaves the same in
 * either shell. Arguments are validated here, whatever the transport.
 */
import { randomUUID } from 'node:crypto'
import { existsSync, promises as fs } from 'node:fs'
import path from 'node:path'
import { requestSchemas, type Channel, type Pushes, type Results } from '../app-contract'
import { listDatasets, loadDataset } from '../data/registry'
import { writeFileAtomic } from './atomic'
import type { EXPORT_FORMATS } from '../protocol'
import { runExport, startTraining, type TrainingHandle } from './host'
import { inspectHandlers, keepHistograms } from './inspect-requests'
import { CHECKPOINT_FILE } from './run'
import { listPresets } from './presets'
import { throttleBatches } from './throttle'

const PROJECT_EXT = '.deepwire.json'
type ExportFormat = (typeof EXPORT_FORMATS)[number]

export class RequestError extends Error {}

export interface EngineHost {
  handle(channel: string, rawArgs: unknown): Promise<unknown>
  /** Stops every run (window closed, server shutting down). */
  dispose(): Promise<void>
}

export function createEngineHost(opts: {
  /** Holds projects/, runs/ (checkpoints of the app's training runs) and exports/. */
  dataDir: string
  push: <P extends keyof Pushes>(channel: P, payload: Pushes[P]) => void
}): EngineHost {
  const runs = new Map<string, TrainingHandle>()
  const projectsDir = path.join(opts.dataDir, 'projects')
  const runDir = (runId: string) => path.join(opts.dataDir, 'runs', runId)

  const handlers: { [C in Channel]: (args: never) => Promise<Results[C]> } = {
    'presets:list': async () => {
      const list = await listPresets()
      return Promise.all(
        list.map(async (p) => ({ ...p, doc: JSON.parse(await fs.readFile(p.file, 'utf8')) })),
      )
    },
    'datasets:list': async () => listDatasets(),
    'datasets:preview': async ({ name, count }: { name: string; count: number }) => {
      const info = listDatasets().find((d) => d.name === name)
      if (!info) throw new RequestError(`unknown dataset '${name}'`)
      if (info.needsPath) throw new RequestError(`dataset '${name}' needs a file: choose one first`)
      const ds = await loadDataset(name)
      const per = ds.inputShape.reduce((a, b) => a * b, 1)
      const yPer = Math.max(
        1,
        ds.targetShape.reduce((a, b) => a * b, 1),
      )
      const samples = Array.from({ length: Math.min(count, ds.size) }, (_, i) => ({
        x: Array.from(ds.x.subarray(i * per, (i + 1) * per), (v) => v * ds.xScale),
        y: Array.from(ds.y.subarray(i * yPer, (i + 1) * yPer)),
      }))
      return {
        name,
        task: ds.task,
        inputShape: ds.inputShape,
        size: ds.size,
        classNames: ds.classNames,
        samples,
      }
    },
    'train:start': async (request: Parameters<typeof startTraining>[0]) => {
      const runId = randomUUID()
      const forward = throttleBatches(
        keepHistograms(runDir(runId), (event) => opts.push('train:event', { runId, event })),
      )
      const handle = startTraining({ ...request, outDir: runDir(runId) }, forward)
      runs.set(runId, handle)
      void handle.done.then(() => runs.delete(runId))
      return { runId }
    },
    'train:control': async ({ runId, action }: { runId: string; action: 'stop' | 'pause' | 'resume' }) => {
      const run = runs.get(runId)
      if (!run) return { ok: false }
      run[action]()
      return { ok: true }
    },
    'export:run': async ({
      graph,
      format,
      runId,
    }: {
      graph: unknown
      format: ExportFormat
      runId?: string
    }) => {
      const checkpoint = runId ? path.join(runDir(runId), CHECKPOINT_FILE) : undefined
      const name = String((graph as { name?: unknown })?.name ?? 'model').replace(/[^\p{L}\p{N}_-]+/gu, '-')
      const stamp = new Date().toISOString().replace(/[:.]/g, '-')
      const out = path.join(opts.dataDir, 'exports', `${name}-${stamp}${format === 'onnx' ? '.onnx' : ''}`)
      const usable = checkpoint && existsSync(checkpoint) ? checkpoint : undefined
      return runExport({ graph, format, out, checkpoint: usable, data: format === 'pytorch' })
    },
    'projects:list': async () => {
      await fs.mkdir(projectsDir, { recursive: true })
      const files = (await fs.readdir(projectsDir)).filter((f) => f.endsWith(PROJECT_EXT))
      const out = await Promise.all(
        files.map(async (f) => ({
          name: f.slice(0, -PROJECT_EXT.length),
          modified: (await fs.stat(path.join(projectsDir, f))).mtimeMs,
        })),
      )
      return out.sort((a, b) => b.modified - a.modified)
    },
    'projects:save': async ({ name, project }: { name: string; project: unknown }) => {
      await writeFileAtomic(path.join(projectsDir, name + PROJECT_EXT), JSON.stringify(project, null, 2))
      return { name }
    },
    'projects:open': async ({ name }: { name: string }) => {
      const file = path.join(projectsDir, name + PROJECT_EXT)
      let text: string
      try {
        text = await fs.readFile(file, 'utf8')
      } catch {
        throw new RequestError(`there is no project named '${name}'`)
      }
      try {
        return { name, project: JSON.parse(text) }
      } catch {
        throw new RequestError(`project '${name}' is damaged (not valid JSON); the file was left untouched`)
      }
    },
    ...inspectHandlers(runDir, path.join(opts.dataDir, 'runs')),
  }

  return {
    async handle(channel, rawArgs) {
      if (!Object.hasOwn(requestSchemas, channel)) throw new RequestError(`unknown request '${channel}'`)
      const c = channel as Channel
      const parsed = requestSchemas[c].safeParse(rawArgs ?? {})
      if (!parsed.success) {
        const i = parsed.error.issues[0]
        throw new RequestError(
          `invalid arguments for '${c}': ${i.path.join('.') || 'arguments'} ${i.message}`,
        )
      }
      return (handlers[c] as (a: unknown) => Promise<unknown>)(parsed.data)
    },
    async dispose() {
      await Promise.all([...runs.values()].map((r) => r.kill()))
      runs.clear()
    },
  }
}
