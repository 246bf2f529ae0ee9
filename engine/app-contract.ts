/**
 * The app's typed contract between the UI and the engine host: every request channel with its
 * argument schema and result type, and every pushed event. Electron's IPC and web mode's
 * WebSocket carry exactly this; both hosts validate arguments with these schemas, because the
 * renderer is not trusted.
 */
import type { DevicesReport } from './backend/devices'
import { z } from 'zod'
import { UPLOAD_CHUNK_BYTES } from './budget/upload'
import type { DatasetInfo } from './data/types'
import type { PresetInfo } from './node/presets'
import type { RunRecord } from './node/runs'
import {
  EXPORT_FORMATS,
  generateSettings,
  stylizeSettingsSchema,
  trainRequestSchema,
  type ActivationsResult,
  type BoundaryResult,
  type ExportPhase,
  type ExportResult,
  type GenerateResult,
  type TrainEvent,
} from './protocol'

// the renderer may not import engine/node, but it shows these records
export type { RunRecord, RunSettings } from './node/runs'

export interface PresetEntry extends PresetInfo {
  /** The graph document itself, loaded into the canvas as is. */
  doc: unknown
}

export interface DatasetPreview {
  name: string
  task: string
  inputShape: number[]
  size: number
  classNames?: string[]
  /** Up to `count` samples: inputs scaled to 0..1 for images, raw values otherwise. */
  samples: { x: number[]; y: number[] }[]
}

/** What a native open dialog is for: it decides the dialog's filters and file/folder mode. */
export const FILE_PURPOSES = ['csv', 'text', 'idx-images', 'idx-labels', 'images', 'masks', 'onnx'] as const
export type FilePurpose = (typeof FILE_PURPOSES)[number]

export interface AppInfo {
  shell: 'electron' | 'web'
  /** Native dialogs exist (Electron); in a browser the user uploads files instead. */
  canChooseFiles: boolean
  /** Exports can be shown in their folder and opened (Electron); a browser downloads them instead. */
  canRevealFiles?: boolean
  /** The engine machine's memory in bytes and any DEEPWIRE_MEMORY_BUDGET_MB: the page checks a run's fit with them. */
  totalMemory?: number
  memoryBudgetMb?: string
}

const relativeFile = z
  .string()
  .min(1)
  .max(400)
  .refine(
    (p) => !p.startsWith('/') && !p.includes('\\') && !p.includes('\0') && !/^[a-zA-Z]:/.test(p),
    'must be a relative path',
  )
  .refine(
    (p) => p.split('/').every((part) => part !== '' && part !== '.' && part !== '..'),
    'may not contain . or .. parts',
  )

/** Files uploaded from the browser into the app's imported-datasets folder. */
export const importSchema = z
  .object({
    name: z
      .string()
      .min(1)
      .max(80)
      .regex(/^[\p{L}\p{M}\p{N}_ .-]+$/u, 'may hold letters, digits, space, _ . - only'),
    files: z
      .array(z.object({ path: relativeFile, data: z.string() }).strict())
      .min(1)
      .max(20_000),
  })
  .strict()

/** A saved run the Inspect tab can open, with what its graph makes worth showing. */
export interface InspectRun {
  runId: string
  name: string
  /** Epochs completed when the checkpoint was written. */
  epoch: number
  dataset: string
  modified: number
  inputShape: number[]
  conv: boolean
  attention: boolean
  /** A language model: the Inspect tab can continue a prompt with it. */
  languageModel?: boolean
}

const runId = z.string().uuid()

const projectName = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[^/\\:*?"<>|\0]+$/, 'may not contain / \\ : * ? " < > |')

/** The shipped sample images for style transfer (resources/stylize/<name>.png). */
export const STYLE_SAMPLES = ['scene', 'swirls'] as const
/** How the Style view names an image: a shipped sample, or a file the user uploaded or chose. */
export const SAMPLE_PREFIX = 'sample:'
const styleImage = z.string().min(1).max(1000)

export const requestSchemas = {
  'presets:list': z.object({}).strict(),
  'datasets:list': z.object({}).strict(),
  'datasets:preview': z
    .object({
      name: z.string().min(1).max(100),
      count: z.number().int().min(1).max(64).default(16),
      path: z.string().max(1000).optional(),
      target: z.string().max(1000).optional(),
    })
    .strict(),
  'datasets:import': importSchema,
  /** One large file uploaded in order, chunk by chunk, into imported/<name>/<file> (web mode). */
  'uploads:begin': z
    .object({ name: importSchema.shape.name, file: z.string().min(1).max(255), size: z.number().int() })
    .strict(),
  'uploads:chunk': z
    .object({
      id: z.string().regex(/^[0-9a-f]{24}$/),
      offset: z.number().int().min(0),
      // base64 of at most UPLOAD_CHUNK_BYTES
      data: z.string().max(Math.ceil(UPLOAD_CHUNK_BYTES / 3) * 4),
    })
    .strict(),
  'uploads:finish': z.object({ id: z.string().regex(/^[0-9a-f]{24}$/) }).strict(),
  'uploads:abort': z.object({ id: z.string().regex(/^[0-9a-f]{24}$/) }).strict(),
  'files:choose': z.object({ purpose: z.enum(FILE_PURPOSES) }).strict(),
  /** An ONNX file the user chose (native dialog) or uploaded (an `imported:` path) becomes a run. */
  'models:import': z.object({ path: z.string().min(1).max(4096) }).strict(),
  'app:info': z.object({}).strict(),
  'devices:list': z.object({}).strict(),
  // paths stay on the host's side: a run starts from another run's weights by that run's id
  'train:start': trainRequestSchema
    .omit({ outDir: true, resumeFrom: true, initFrom: true, initLabel: true })
    .extend({ initFromRun: runId.optional() })
    .strict(),
  'train:control': z.object({ runId: z.string(), action: z.enum(['stop', 'pause', 'resume']) }).strict(),
  'runs:list': z.object({}).strict(),
  'runs:delete': z.object({ id: z.string().uuid() }).strict(),
  'export:run': z
    .object({ graph: z.unknown(), format: z.enum(EXPORT_FORMATS), runId: z.string().uuid().optional() })
    .strict(),
  /** Desktop only: shows an export the app wrote in its folder, or opens it (exports/-relative path). */
  'files:reveal': z.object({ file: z.string().min(1).max(400), action: z.enum(['show', 'open']) }).strict(),
  'projects:list': z.object({}).strict(),
  'projects:save': z.object({ name: projectName, project: z.unknown() }).strict(),
  'projects:open': z.object({ name: projectName }).strict(),
  'inspect:runs': z.object({}).strict(),
  'inspect:histograms': z.object({ runId }).strict(),
  'inspect:activations': z.object({ runId, sampleIndex: z.number().int().min(0) }).strict(),
  'inspect:boundary': z.object({ runId, resolution: z.number().int().min(4).max(200).default(60) }).strict(),
  'inspect:generate': z.object({ runId, ...generateSettings }).strict(),
  'stylize:start': stylizeSettingsSchema
    .extend({
      graph: z.unknown(),
      /** The run whose checkpoint the feature network takes (Export's rule); initial weights without one. */
      runId: runId.optional(),
      content: styleImage,
      style: styleImage,
    })
    .strict(),
  'stylize:stop': z.object({ jobId: runId }).strict(),
} as const

export interface Results {
  'presets:list': PresetEntry[]
  'datasets:list': DatasetInfo[]
  'datasets:preview': DatasetPreview
  'datasets:import': { folder: string; files: number }
  'uploads:begin': { id: string }
  'uploads:chunk': { received: number }
  'uploads:finish': { folder: string; files: number }
  'uploads:abort': null
  'files:choose': { path: string | null }
  /** The imported model as a run: its graph for the canvas, its weights in the run's checkpoint. */
  'models:import': {
    runId: string
    graph: unknown
    nodes: number
    trainableParams: number
    warnings: string[]
  }
  'app:info': AppInfo
  /** Backends and GPU adapters, which one 'auto' picks and why the others are passed over. */
  'devices:list': DevicesReport
  'train:start': { runId: string }
  'train:control': { ok: boolean }
  /** Every training run the app started, newest first. */
  'runs:list': RunRecord[]
  'runs:delete': { id: string }
  'export:run': ExportResult
  'files:reveal': { ok: true }
  'projects:list': { name: string; modified: number }[]
  'projects:save': { name: string }
  'projects:open': { name: string; project: unknown }
  'inspect:runs': InspectRun[]
  'inspect:histograms': Extract<TrainEvent, { type: 'histograms' }>[]
  'inspect:activations': ActivationsResult
  'inspect:boundary': BoundaryResult
  'inspect:generate': GenerateResult
  /** The job's events then arrive as 'stylize:event' pushes; `trained` false: no checkpoint was found. */
  'stylize:start': { jobId: string; trained: boolean }
  'stylize:stop': { ok: boolean }
}

export type Channel = keyof typeof requestSchemas
export type Args<C extends Channel> = z.input<(typeof requestSchemas)[C]>

export interface Pushes {
  'train:event': { runId: string; event: TrainEvent }
  /** A style transfer's step losses, previews, and its end ('stylized' or 'failed'). */
  'stylize:event': {
    jobId: string
    event: Extract<TrainEvent, { type: 'stylize-step' | 'stylize-preview' | 'stylized' | 'failed' }>
  }
  /** The export in progress has reached this step. */
  'export:progress': { phase: ExportPhase }
  /** A menu item of the desktop shell (File ▸ Save …), carried out by the renderer. */
  'app:command': { command: AppCommand; /** 'open-recent': the project's name */ name?: string }
}

export const APP_COMMANDS = [
  'new',
  'save',
  'open',
  'open-recent',
  'import-dataset',
  'export',
  'undo',
  'redo',
  'layout',
  'presets',
  'train',
] as const
export type AppCommand = (typeof APP_COMMANDS)[number]

/** What the renderer sees, whichever host it runs in. */
export interface EngineApi {
  invoke<C extends Channel>(channel: C, args: Args<C>): Promise<Results[C]>
  on<P extends keyof Pushes>(channel: P, listener: (payload: Pushes[P]) => void): () => void
}
