/**
 * The engine's public protocol: commands a host sends to a training worker and the events it
 * streams back. Plain JSON, validated with zod where it crosses a trust boundary, and the same
 * for the CLI, Electron's IPC and web mode's WebSocket.
 */
import { z } from 'zod'

export const BACKENDS = ['auto', 'wasm', 'cpu', 'tensorflow'] as const
export type BackendPreference = (typeof BACKENDS)[number]

export type Metrics = Record<string, number>

/** Validation confusion matrix of a classification run (rows: true class, columns: predicted). */
export interface Confusion {
  matrix: number[][]
  /** Share of each true class predicted correctly (recall); null when the class is absent. */
  perClassAccuracy: (number | null)[]
  classNames?: string[]
}

/**
 * A small image crossing IPC/WebSocket: bytes row-major, channels-last, base64-encoded
 * (a quarter of the size of a JSON number array). Pixels are 0..255; masks hold class ids.
 */
export const pixelImageSchema = z.object({
  height: z.number().int().positive().max(64),
  width: z.number().int().positive().max(64),
  channels: z.union([z.literal(1), z.literal(3)]),
  data: z.string(),
})
export type PixelImage = z.infer<typeof pixelImageSchema>

/**
 * One fixed validation sample predicted at epoch end; the same samples every epoch so the
 * panel shows how the model's judgement of them changes.
 */
export const samplePredictionSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('classification'),
    /** Index of the sample in the (limited) dataset. */
    index: z.number().int().min(0),
    /** Absent for inputs that are not images (tables, 2-D points). */
    input: pixelImageSchema.optional(),
    label: z.number().int().min(0),
    predicted: z.number().int().min(0),
    /** Probability the model gives its predicted class. */
    probability: z.number().min(0).max(1),
  }),
  z.object({
    kind: z.literal('segmentation'),
    index: z.number().int().min(0),
    input: pixelImageSchema,
    truth: pixelImageSchema,
    predicted: pixelImageSchema,
    /** Mask classes: 2 for a binary mask (0 background, 1 object). */
    classes: z.number().int().min(2),
  }),
])
export type SamplePrediction = z.infer<typeof samplePredictionSchema>
export const samplePredictionsSchema = z.array(samplePredictionSchema).max(16)

export interface DatasetSummary {
  name: string
  task: string
  size: number
  train: number
  val: number
  inputShape: number[]
  numClasses?: number
}

export type TrainEvent =
  | {
      type: 'run-started'
      backend: string
      backendDetail: string
      dataset: DatasetSummary
      trainableParams: number
      epochs: number
      startEpoch: number
      batchesPerEpoch: number
    }
  | {
      type: 'batch-end'
      epoch: number
      batch: number
      batches: number
      loss: number
      metrics: Metrics
      samplesPerSec: number
      lr: number
    }
  | {
      type: 'epoch-end'
      epoch: number
      loss: number
      valLoss: number | null
      metrics: Metrics
      valMetrics: Metrics
      samplesPerSec: number
      seconds: number
      lr: number
      confusion?: Confusion
      /** Classification and segmentation runs with image or class outputs. */
      samples?: SamplePrediction[]
    }
  | { type: 'checkpoint'; epoch: number; path: string }
  | { type: 'paused' }
  | { type: 'resumed' }
  | {
      type: 'finished'
      reason: 'completed' | 'stopped' | 'early-stop'
      epochs: number
      history: EpochRecord[]
    }
  | { type: 'failed'; message: string; nodeId?: string }
  | { type: 'exported'; result: ExportResult }

export interface EpochRecord {
  /** 1-based, as shown to the user. */
  epoch: number
  loss: number
  valLoss: number | null
  metrics: Metrics
  valMetrics: Metrics
  lr: number
  /** Classification runs with a validation set. */
  confusion?: Confusion
}

export const trainRequestSchema = z.object({
  /** The graph document (validated again by the engine: the sender is not trusted). */
  graph: z.unknown(),
  /** Overrides of the graph's training section (CLI flags, the training panel). */
  // merged over the graph's own settings and validated then; defaults here would mask them
  overrides: z.record(z.string(), z.unknown()).default({}),
  backend: z.enum(BACKENDS).default('auto'),
  /** Directory for checkpoints; none written when absent. */
  outDir: z.string().optional(),
  /** Checkpoint file to resume from. */
  resumeFrom: z.string().optional(),
  /** Stop after this many batches in total (tests, benchmarks). */
  maxBatches: z.number().int().positive().optional(),
})
export type TrainRequest = z.input<typeof trainRequestSchema>

export const EXPORT_FORMATS = ['onnx', 'pytorch', 'tfjs'] as const

export const exportRequestSchema = z.object({
  graph: z.unknown(),
  format: z.enum(EXPORT_FORMATS),
  /** ONNX: the .onnx file; PyTorch and tfjs: a folder. */
  out: z.string().min(1),
  /** Checkpoint whose weights to export; the graph's seeded initial weights without one. */
  checkpoint: z.string().optional(),
  /** PyTorch: also write data.npz with the graph's dataset for train.py. */
  data: z.boolean().optional(),
})
export type ExportRequest = z.input<typeof exportRequestSchema>

export interface ExportResult {
  format: (typeof EXPORT_FORMATS)[number]
  path: string
  files: string[]
  /** ONNX: largest difference between onnxruntime and the engine on a random input. */
  parity?: { maxDiff: number; latencyMs: number; engineLatencyMs: number }
  warnings: string[]
  /** false when no checkpoint was given: the weights are the untrained initial ones. */
  trained: boolean
}

export const workerCommandSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('train'), request: trainRequestSchema }),
  z.object({ type: z.literal('export'), request: exportRequestSchema }),
  z.object({ type: z.literal('stop') }),
  z.object({ type: z.literal('pause') }),
  z.object({ type: z.literal('resume') }),
])
export type WorkerCommand = z.input<typeof workerCommandSchema>
