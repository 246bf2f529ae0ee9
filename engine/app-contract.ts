/**
 * The app's typed contract between the UI and the engine host: every request channel with its
 * argument schema and result type, and every pushed event. Electron's IPC and web mode's
 * WebSocket carry exactly this; both hosts validate arguments with these schemas, because the
 * renderer is not trusted.
 */
import { z } from 'zod'
import type { DatasetInfo } from './data/types'
import type { PresetInfo } from './node/presets'
import {
  EXPORT_FORMATS,
  trainRequestSchema,
  type ActivationsResult,
  type BoundaryResult,
  type ExportResult,
  type TrainEvent,
} from './protocol'

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
}

const runId = z.string().uuid()

const projectName = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[^/\\:*?"<>|\0]+$/, 'may not contain / \\ : * ? " < > |')

export const requestSchemas = {
  'presets:list': z.object({}).strict(),
  'datasets:list': z.object({}).strict(),
  'datasets:preview': z
    .object({ name: z.string().min(1).max(100), count: z.number().int().min(1).max(64).default(16) })
    .strict(),
  'train:start': trainRequestSchema.omit({ outDir: true, resumeFrom: true }).strict(),
  'train:control': z.object({ runId: z.string(), action: z.enum(['stop', 'pause', 'resume']) }).strict(),
  'export:run': z
    .object({ graph: z.unknown(), format: z.enum(EXPORT_FORMATS), runId: z.string().uuid().optional() })
    .strict(),
  'projects:list': z.object({}).strict(),
  'projects:save': z.object({ name: projectName, project: z.unknown() }).strict(),
  'projects:open': z.object({ name: projectName }).strict(),
  'inspect:runs': z.object({}).strict(),
  'inspect:histograms': z.object({ runId }).strict(),
  'inspect:activations': z.object({ runId, sampleIndex: z.number().int().min(0) }).strict(),
  'inspect:boundary': z.object({ runId, resolution: z.number().int().min(4).max(200).default(60) }).strict(),
} as const

export interface Results {
  'presets:list': PresetEntry[]
  'datasets:list': DatasetInfo[]
  'datasets:preview': DatasetPreview
  'train:start': { runId: string }
  'train:control': { ok: boolean }
  'export:run': ExportResult
  'projects:list': { name: string; modified: number }[]
  'projects:save': { name: string }
  'projects:open': { name: string; project: unknown }
  'inspect:runs': InspectRun[]
  'inspect:histograms': Extract<TrainEvent, { type: 'histograms' }>[]
  'inspect:activations': ActivationsResult
  'inspect:boundary': BoundaryResult
}

export type Channel = keyof typeof requestSchemas
export type Args<C extends Channel> = z.input<(typeof requestSchemas)[C]>

export interface Pushes {
  'train:event': { runId: string; event: TrainEvent }
}

/** What the renderer sees, whichever host it runs in. */
export interface EngineApi {
  invoke<C extends Channel>(channel: C, args: Args<C>): Promise<Results[C]>
  on<P extends keyof Pushes>(channel: P, listener: (payload: Pushes[P]) => void): () => void
}
