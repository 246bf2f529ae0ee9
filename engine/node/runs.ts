/**
 * Run history: every training run the app starts is remembered in its run folder (runs/<id>/
 * run.json, beside the checkpoint) with its settings, per-epoch figures and outcome, so runs can
 * be compared after a reload. The file is rewritten atomically at each epoch and at the end.
 */
import { createHash } from 'node:crypto'
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { analyze } from '../graph/analyze'
import { parseGraph } from '../graph/parse'
import { SPLITS, trainingSchema } from '../graph/schema'
import type { TrainEvent } from '../protocol'
import { writeFileAtomic } from './atomic'
import { parseJsonBounded } from '../budget/untrusted'

export const RUN_FILE = 'run.json'

const metrics = z.record(z.string(), z.number())

export const runSettingsSchema = z.object({
  graphName: z.string(),
  /** Architecture fingerprint: nodes, edges and blocks, not positions or training settings. */
  graphHash: z.string(),
  dataset: z.string(),
  /** Sample limit, image size and other dataset options, as `key=value` text. */
  datasetOptions: z.string(),
  loss: z.string(),
  optimizer: z.string(),
  lr: z.number(),
  weightDecay: z.number(),
  schedule: z.string(),
  batchSize: z.number(),
  epochs: z.number(),
  /** Records from before the setting existed held out a share of the pooled samples. */
  split: z.enum(SPLITS).default('holdout'),
  validationSplit: z.number(),
  seed: z.number(),
  augment: z.string(),
  /** k-fold cross-validation: the number of folds the app trained in turn. */
  folds: z.number().int().optional(),
  trainableParams: z.number(),
  /** Activation functions used, as layers or as layer options: ['relu', 'softmax']. */
  activations: z.array(z.string()),
  /** Layer types and how often each occurs: { Conv2D: 2, Dense: 3 }. */
  layers: z.record(z.string(), z.number()),
})
export type RunSettings = z.infer<typeof runSettingsSchema>

export const runEpochSchema = z.object({
  epoch: z.number(),
  loss: z.number(),
  valLoss: z.number().nullable(),
  metrics,
  valMetrics: metrics,
  lr: z.number(),
  seconds: z.number(),
  /** Cross-validation: the fold (0-based) the epoch belongs to. */
  fold: z.number().int().min(0).optional(),
})

export const RUN_STATUSES = [
  'running',
  'completed',
  'stopped',
  'early-stop',
  'failed',
  'interrupted',
] as const

export const runRecordSchema = z.object({
  id: z.string(),
  startedAt: z.number(),
  endedAt: z.number().optional(),
  /** 'interrupted': the app closed (or crashed) while the run was going. */
  status: z.enum(RUN_STATUSES),
  message: z.string().optional(),
  backend: z.string().optional(),
  /** null when the graph could not be read (the run then failed at once). */
  settings: runSettingsSchema.nullable(),
  epochs: z.array(runEpochSchema),
  /** A cross-validated run: each validation measure's mean ± std over its folds' last epochs. */
  crossValidation: z
    .object({
      folds: z.number().int(),
      summary: z.record(
        z.string(),
        z.object({ mean: z.number(), std: z.number(), folds: z.array(z.number()) }),
      ),
    })
    .optional(),
  /** Weights that were not trained here: the model file an imported run came from. */
  importedFrom: z.string().optional(),
})
export type RunRecord = z.infer<typeof runRecordSchema>

const describeValue = (v: unknown) =>
  v && typeof v === 'object'
    ? Object.entries(v)
        // an object value (dataset.normalize's mean and std) as JSON, not '[object Object]'
        .map(
          ([k, x]) =>
            `${k}=${Array.isArray(x) ? x.join('×') : x && typeof x === 'object' ? JSON.stringify(x) : String(x)}`,
        )
        .join(' ')
    : ''

/** The settings a run will use: the graph's training section with the request's overrides. */
export function describeRun(graph: unknown, overrides: Record<string, unknown>): RunSettings | null {
  const parsed = parseGraph(graph)
  if (!parsed.ok) return null
  const doc = parsed.doc
  const cfg = trainingSchema.safeParse({ ...doc.training, ...overrides })
  if (!cfg.success) return null
  const c = cfg.data
  const analysis = analyze(doc)
  const activations = new Set<string>()
  const layers: Record<string, number> = {}
  for (const n of analysis.order) {
    layers[n.type] = (layers[n.type] ?? 0) + 1
    if (n.def.category === 'activation') activations.add(n.type.toLowerCase())
    const act = (n.params as { activation?: unknown }).activation
    if (typeof act === 'string' && act !== 'linear') activations.add(act.toLowerCase())
  }
  const architecture = JSON.stringify({
    nodes: doc.nodes.map(({ position: _position, label: _label, ...n }) => n),
    edges: doc.edges,
    blocks: doc.blocks,
  })
  const { name: dataset, ...datasetOptions } = c.dataset
  const schedule = c.schedule.type === 'constant' ? 'constant' : describeValue(c.schedule)
  return {
    graphName: doc.name,
    graphHash: createHash('sha256').update(architecture).digest('hex').slice(0, 10),
    dataset,
    datasetOptions: describeValue(datasetOptions),
    loss: c.loss,
    optimizer: c.optimizer.type,
    lr: c.optimizer.lr,
    weightDecay: c.optimizer.weightDecay,
    schedule,
    batchSize: c.batchSize,
    epochs: c.epochs,
    split: c.split,
    validationSplit: c.validationSplit,
    seed: c.seed,
    augment: describeValue(c.augment),
    ...(c.folds !== undefined && c.fold === undefined ? { folds: c.folds } : {}),
    trainableParams: analysis.totals.trainableParams,
    activations: [...activations].sort(),
    layers,
  }
}

/**
 * Follows one run's events and keeps its record on disk. Writes are chained so they land in
 * order; `flushed` resolves once the last one has.
 */
export function recordRun(dir: string, id: string, settings: RunSettings | null = null) {
  const rec: RunRecord = { id, startedAt: Date.now(), status: 'running', settings, epochs: [] }
  let chain: Promise<void> = Promise.resolve()
  const save = () => {
    const text = JSON.stringify(rec)
    chain = chain
      .then(() => writeFileAtomic(path.join(dir, RUN_FILE), text))
      .catch(() => {
        // a full disk must not stop the training run; the record simply stays behind
      })
  }
  save()
  return {
    /** Settings known only later (written with the next event): see the engine host's train:start. */
    describe(settings: RunSettings | null) {
      rec.settings = settings
    },
    onEvent(e: TrainEvent) {
      if (e.type === 'run-started') rec.backend = e.backendDetail
      else if (e.type === 'epoch-end')
        rec.epochs.push({
          epoch: e.epoch,
          loss: e.loss,
          valLoss: e.valLoss,
          metrics: e.metrics,
          valMetrics: e.valMetrics,
          lr: e.lr,
          seconds: e.seconds,
          ...(e.fold !== undefined ? { fold: e.fold } : {}),
        })
      else if (e.type === 'cross-validated') rec.crossValidation = { folds: e.folds, summary: e.summary }
      else if (e.type === 'finished') {
        rec.status = e.reason
        rec.endedAt = Date.now()
      } else if (e.type === 'failed') {
        rec.status = 'failed'
        rec.message = e.message
        rec.endedAt = Date.now()
      } else return
      save()
    },
    get flushed() {
      return chain
    },
    /** The record as it stands, ahead of the file while a write is on its way. */
    get current(): RunRecord {
      return structuredClone(rec)
    },
  }
}

/**
 * Every recorded run, newest first; `live` holds the records of runs still going (fresher than
 * their files). Folders without a readable record (runs from before the history existed, a
 * half-written disk) are left out rather than failing the whole list; a run still marked running
 * that is not live was cut off by the app closing.
 */
export async function listRuns(root: string, live: ReadonlyMap<string, RunRecord>): Promise<RunRecord[]> {
  // a run that has just started may not have its folder yet
  const ids = new Set(live.keys())
  try {
    for (const id of await fs.readdir(root)) ids.add(id)
  } catch {
    // no runs folder yet: only the live runs
  }
  const records = await Promise.all(
    [...ids].map(async (id) => {
      const current = live.get(id)
      if (current) return current
      try {
        const r = runRecordSchema.safeParse(
          parseJsonBounded(await fs.readFile(path.join(root, id, RUN_FILE), 'utf8'), RUN_FILE),
        )
        if (!r.success || r.data.id !== id) return null
        return r.data.status === 'running' ? { ...r.data, status: 'interrupted' as const } : r.data
      } catch {
        return null
      }
    }),
  )
  return records.filter((r): r is RunRecord => r !== null).sort((a, b) => b.startedAt - a.startedAt)
}

/** Removes a run's folder: its record and its checkpoint. */
export async function deleteRun(root: string, id: string): Promise<void> {
  const dir = path.join(root, id)
  try {
    await fs.access(path.join(dir, RUN_FILE))
  } catch {
    throw new Error(`there is no recorded run '${id}'`)
  }
  await fs.rm(dir, { recursive: true, force: true })
}
