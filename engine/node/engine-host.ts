/**
 * The engine host: answers the app contract's requests and pushes training events. Electron's
 * main process and web mode's server both wrap this one object, so the app behaves the same in
 * either shell. Arguments are validated here, whatever the transport.
 */
import { randomUUID } from 'node:crypto'
import { existsSync, promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {
  requestSchemas,
  type Args,
  type Channel,
  type FilePurpose,
  type Pushes,
  type Results,
} from '../app-contract'
import { listDatasets, loadDataset } from '../data/registry'
import { admitGraph } from '../budget'
import { exportRefusal } from '../budget/export-size'
import { projectFromText, projectProblem } from '../graph/project'
import { parseJsonBounded, quote } from '../budget/untrusted'
import { writeFileAtomic } from './atomic'
import type { EXPORT_FORMATS, TrainEvent } from '../protocol'
import type { DevicesReport } from '../backend/devices'
import { projectKind, readProject } from './project-files'
import { createSlots } from './slots'
import { downloadPaths } from './export-downloads'
import { createExportReveal, type Reveal } from './export-reveal'
import { startFoldRuns, requestedFolds } from './fold-runs'
import { listEngineDevices, runExport, runImport, startTraining, type TrainingHandle } from './host'
import { inspectHandlers, keepHistograms } from './inspect-requests'
import { CHECKPOINT_FILE } from './run'
import { deleteRun, describeRun, listRuns, recordRun, RUN_FILE, type RunRecord } from './runs'
import { listPresets } from './presets'
import { stylizeHandlers } from './stylize-requests'
import { throttleBatches } from './throttle'
import { createUserFiles, RequestError, type DatasetRef } from './user-files'

export { RequestError }

const PROJECT_EXT = '.deepwire.json'
type ExportFormat = (typeof EXPORT_FORMATS)[number]

export interface EngineHost {
  handle(channel: string, rawArgs: unknown): Promise<unknown>
  /** A file or folder the user chose in a native dialog; datasets may be read only from such paths. */
  allowPath(file: string): void
  /** Stops every run (window closed, server shutting down). */
  dispose(): Promise<void>
}

/** How a load report names a run's weights: the model file it imported, else its graph's name. */
async function runLabel(dir: string): Promise<string> {
  try {
    const r = parseJsonBounded(
      await fs.readFile(path.join(dir, RUN_FILE), 'utf8'),
      RUN_FILE,
    ) as Partial<RunRecord>
    return r.importedFrom ?? `the run of ${r.settings?.graphName ?? 'an earlier graph'}`
  } catch {
    return 'an earlier run'
  }
}

export function createEngineHost(opts: {
  /** Holds projects/, runs/ (checkpoints of the app's training runs) and exports/. */
  dataDir: string
  push: <P extends keyof Pushes>(channel: P, payload: Pushes[P]) => void
  /** The shell's native open dialog (Electron); absent in web mode, where files are uploaded. */
  chooseFile?: (purpose: FilePurpose) => Promise<string | null>
  /** The shell's "Show in folder" and "Open" (Electron); absent in web mode, where exports are downloaded. */
  reveal?: Reveal
  shell?: 'electron' | 'web'
}): EngineHost {
  const userFiles = createUserFiles(opts.dataDir)
  /** The graph with its dataset's user paths checked and made absolute (see user-files.ts). */
  const withUserPaths = <G>(graph: G): G => {
    const ds = (graph as { training?: { dataset?: DatasetRef } } | null)?.training?.dataset
    if (!ds || typeof ds !== 'object') return graph
    const g = graph as { training: object }
    return { ...g, training: { ...g.training, dataset: userFiles.resolveDataset(ds) } } as G
  }
  const runs = new Map<string, TrainingHandle>()
  let devices: Promise<DevicesReport> | undefined
  /** Runs that have not ended yet, with when they started: at most one at a time. */
  const live = new Map<string, number>()
  const exports = createSlots(
    1,
    () =>
      new RequestError('an export is already being written: wait for it to finish before starting another'),
  )
  // each inspection is a worker of its own: a few at once keep the tab responsive, more only cost memory
  const inspections = createSlots(
    4,
    () => new RequestError('four inspections are already being computed: wait for one of them to finish'),
  )
  const records = new Map<string, ReturnType<typeof recordRun>>()
  const exportsDir = path.join(opts.dataDir, 'exports')
  const reveal = createExportReveal(exportsDir, opts.reveal)
  const projectsDir = path.join(opts.dataDir, 'projects')
  const runsRoot = path.join(opts.dataDir, 'runs')
  const runDir = (runId: string) => path.join(runsRoot, runId)
  const projectFile = (name: string) => {
    const file = path.resolve(projectsDir, name + PROJECT_EXT)
    // the contract's name rules already exclude separators; this holds even if they change
    if (path.dirname(file) !== path.resolve(projectsDir))
      throw new RequestError(`'${name}' is not a usable project name`)
    return file
  }

  const inspect = inspectHandlers(runDir, runsRoot)
  const stylize = stylizeHandlers({ dataDir: opts.dataDir, runDir, userFiles, push: opts.push })

  const handlers: { [C in Channel]: (args: never) => Promise<Results[C]> } = {
    'presets:list': async () => {
      const list = await listPresets()
      return Promise.all(
        list.map(async (p) => ({ ...p, doc: parseJsonBounded(await fs.readFile(p.file, 'utf8'), p.file) })),
      )
    },
    'datasets:list': async () => listDatasets(),
    'datasets:preview': async (args: Args<'datasets:preview'>) => {
      const { name, count = 16 } = args
      const info = listDatasets().find((d) => d.name === name)
      if (!info) throw new RequestError(`unknown dataset '${name}'`)
      if (info.needsPath && !args.path)
        throw new RequestError(`dataset '${name}' needs a file: choose one first`)
      const ds = await loadDataset(name, userFiles.resolveDataset(args))
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
    'datasets:import': async (args: Args<'datasets:import'>) => userFiles.importFiles(args),
    'uploads:begin': async (args: Args<'uploads:begin'>) => userFiles.chunked.begin(args),
    'uploads:chunk': async (args: Args<'uploads:chunk'>) => userFiles.chunked.chunk(args),
    'uploads:finish': async (args: Args<'uploads:finish'>) => userFiles.chunked.finish(args),
    'uploads:abort': async (args: Args<'uploads:abort'>) => {
      await userFiles.chunked.abort(args)
      return null
    },
    'files:choose': async ({ purpose }: Args<'files:choose'>) => {
      if (!opts.chooseFile) throw new RequestError('this window has no file dialog: upload the files instead')
      const chosen = await opts.chooseFile(purpose)
      if (chosen) userFiles.grant(chosen)
      return { path: chosen }
    },
    'models:import': async ({ path: file }: Args<'models:import'>) => {
      const resolved = userFiles.resolveDataset({ name: 'onnx', path: file }).path!
      const runId = randomUUID()
      const dir = runDir(runId)
      const r = await runImport(resolved, dir, CHECKPOINT_FILE).catch((e: Error) => {
        throw new RequestError(userFiles.hidePaths(e.message))
      })
      const graph = parseJsonBounded(await fs.readFile(r.graph, 'utf8'), 'graph.json')
      const now = Date.now()
      const record: RunRecord = {
        id: runId,
        startedAt: now,
        endedAt: now,
        status: 'completed',
        settings: describeRun(graph, {}),
        epochs: [],
        importedFrom: path.basename(resolved),
      }
      await writeFileAtomic(path.join(dir, RUN_FILE), JSON.stringify(record))
      return { runId, graph, nodes: r.nodes, trainableParams: r.trainableParams, warnings: r.warnings }
    },
    'app:info': async () => ({
      shell: opts.shell ?? 'web',
      canChooseFiles: !!opts.chooseFile,
      canRevealFiles: !!opts.reveal,
      totalMemory: os.totalmem(),
      ...(process.env.DEEPWIRE_MEMORY_BUDGET_MB
        ? { memoryBudgetMb: process.env.DEEPWIRE_MEMORY_BUDGET_MB }
        : {}),
    }),
    // adapters come and go only with drivers: asked once per launch (it starts a process)
    'devices:list': async () => (devices ??= listEngineDevices()),
    'train:start': async (raw: Parameters<typeof startTraining>[0] & { initFromRun?: string }) => {
      // one run per machine: a second would share its cores or its GPU and slow both to a crawl
      const [busy] = live
      if (busy)
        throw new RequestError(
          `a training run is already going (run ${busy[0]}, started ${new Date(busy[1]).toLocaleTimeString('en-GB')}): stop it or wait for it to finish before starting another`,
        )
      const { initFromRun, ...rest } = raw
      const initFrom = initFromRun ? path.join(runDir(initFromRun), CHECKPOINT_FILE) : undefined
      if (initFrom && !existsSync(initFrom))
        throw new RequestError(
          'the run to start from kept no weights (it ended before its first epoch, or was deleted): pick another',
        )
      const request = {
        ...rest,
        ...(initFrom ? { initFrom, initLabel: await runLabel(runDir(initFromRun!)) } : {}),
        graph: withUserPaths(raw.graph),
        overrides: withUserPaths({ training: raw.overrides ?? {} }).training,
      }
      // sized and validated before a worker exists: a refusal is the request's answer
      admitGraph(request.graph)
      const runId = randomUUID()
      live.set(runId, Date.now())
      const forward = throttleBatches(
        keepHistograms(runDir(runId), (event) =>
          opts.push('train:event', {
            runId,
            event:
              event.type === 'failed' ? { ...event, message: userFiles.hidePaths(event.message) } : event,
          }),
        ),
      )
      const record = recordRun(runDir(runId), runId)
      function onEvent(event: TrainEvent) {
        // the graph is described (flattened, counted) here only once the worker has accepted
        // it: a hostile graph then costs the worker, never the thread serving other requests
        if (event.type === 'run-started') record.describe(describeRun(request.graph, request.overrides))
        // the place is free before the page hears the end, so its next Train is accepted
        if (event.type === 'finished' || event.type === 'failed') live.delete(runId)
        record.onEvent(event)
        forward(event)
      }
      let handle: TrainingHandle
      try {
        // a graph with `folds` trains every fold in turn; the last fold's weights stay in the run folder
        const folds = requestedFolds(request.graph, request.overrides)
        const withOut = { ...request, outDir: runDir(runId) }
        handle = folds
          ? startFoldRuns(withOut, folds, startTraining, onEvent)
          : startTraining(withOut, onEvent)
      } catch (e) {
        onEvent({ type: 'failed', message: (e as Error).message })
        throw new RequestError((e as Error).message)
      }
      runs.set(runId, handle)
      records.set(runId, record)
      // the record stays live until its last write has landed, so the list never reads it stale
      void handle.done
        .then(() => record.flushed)
        .then(() => {
          live.delete(runId)
          runs.delete(runId)
          records.delete(runId)
        })
      return { runId }
    },
    'train:control': async ({ runId, action }: { runId: string; action: 'stop' | 'pause' | 'resume' }) => {
      const run = runs.get(runId)
      if (!run) return { ok: false }
      run[action]()
      return { ok: true }
    },
    'runs:list': async () => listRuns(runsRoot, new Map([...records].map(([id, r]) => [id, r.current]))),
    'runs:delete': async ({ id }: { id: string }) => {
      if (records.has(id)) throw new RequestError('this run is still training: stop it before deleting it')
      try {
        await deleteRun(runsRoot, id)
      } catch (e) {
        throw new RequestError((e as Error).message)
      }
      return { id }
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
      const checked = withUserPaths(graph)
      const tooBig = exportRefusal(admitGraph(checked).analysis, format)
      if (tooBig) throw new RequestError(tooBig)
      const checkpoint = runId ? path.join(runDir(runId), CHECKPOINT_FILE) : undefined
      // the graph is not parsed yet: its name may be anything, so keep a short, safe file name
      const name = String((graph as { name?: unknown })?.name ?? 'model')
        .slice(0, 80)
        .replace(/[^\p{L}\p{N}_-]+/gu, '-')
      const stamp = new Date().toISOString().replace(/[:.]/g, '-')
      const out = path.join(exportsDir, `${name}-${stamp}${format === 'onnx' ? '.onnx' : ''}`)
      const usable = checkpoint && existsSync(checkpoint) ? checkpoint : undefined
      const request = {
        graph: checked,
        format,
        out,
        checkpoint: usable,
        data: format === 'pytorch',
      }
      return exports.run(async () => {
        const result = await runExport(request, (phase) => opts.push('export:progress', { phase }))
        const downloads = downloadPaths(out, result.files, format !== 'onnx')
        reveal.record(downloads)
        return { ...result, downloads, ...(result.run && runId ? { run: { ...result.run, id: runId } } : {}) }
      })
    },
    'files:reveal': (args: Args<'files:reveal'>) => reveal.handle(args),
    'projects:list': async () => {
      await fs.mkdir(projectsDir, { recursive: true })
      // links and folders are not projects: open and save would refuse them
      const files = (await fs.readdir(projectsDir, { withFileTypes: true })).filter(
        (f) => f.isFile() && f.name.endsWith(PROJECT_EXT),
      )
      const out = await Promise.all(
        files.map(async (f) => ({
          name: f.name.slice(0, -PROJECT_EXT.length),
          modified: (await fs.lstat(path.join(projectsDir, f.name))).mtimeMs,
        })),
      )
      return out.sort((a, b) => b.modified - a.modified)
    },
    'projects:save': async ({ name, project }: { name: string; project: unknown }) => {
      const why = projectProblem(project)
      if (why) throw new RequestError(`not saved: the project ${why}`)
      const file = projectFile(name)
      const kind = await projectKind(file)
      if (kind !== 'file' && kind !== 'none')
        throw new RequestError(
          `not saved: ${quote(name)} in the projects folder is a ${kind}, not a project file; it was left as it is`,
        )
      await writeFileAtomic(file, JSON.stringify(project, null, 2))
      return { name }
    },
    'projects:open': async ({ name }: { name: string }) => {
      const text = await readProject(projectFile(name), name)
      let project: unknown
      try {
        project = projectFromText(text, name)
      } catch (e) {
        throw new RequestError((e as Error).message)
      }
      return { name, project }
    },
    ...inspect,
    ...stylize.handlers,
    'inspect:activations': (a: Args<'inspect:activations'>) =>
      inspections.run(() =>
        inspect['inspect:activations'](a as Parameters<(typeof inspect)['inspect:activations']>[0]),
      ),
    'inspect:boundary': (a: Args<'inspect:boundary'>) =>
      inspections.run(() =>
        inspect['inspect:boundary'](a as Parameters<(typeof inspect)['inspect:boundary']>[0]),
      ),
    'inspect:generate': (a: Args<'inspect:generate'>) =>
      inspections.run(() => inspect['inspect:generate'](a)),
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
      return (handlers[c] as (a: unknown) => Promise<unknown>)(parsed.data).catch((e: unknown) => {
        if (e instanceof Error) e.message = userFiles.hidePaths(e.message)
        throw e
      })
    },
    allowPath(file) {
      userFiles.grant(file)
    },
    async dispose() {
      await Promise.all([...runs.values()].map((r) => r.kill()).concat(stylize.dispose()))
      runs.clear()
      await Promise.all([...records.values()].map((r) => r.flushed))
      records.clear()
    },
  }
}
