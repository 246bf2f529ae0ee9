/**
 * The engine's public protocol: commands a host sends to a training worker and the events it
 * streams back. Plain JSON, validated with zod where it crosses a trust boundary, and the same
 * for the CLI, Electron's IPC and web mode's WebSocket.
 */
import type { DevicesReport } from './backend/devices'
import { z } from 'zod'
import type { GpuAdapterReport } from './backend/webgpu'
import type { FoldSummary } from './data/folds'
import { inspectRequestSchema, type InspectResult, type WeightHistograms } from './protocol-inspect'
import { stylizeRequestSchema, type StylizedResult, type StylizeStepLosses } from './protocol-stylize'

// the inspect and style-transfer parts live beside this file; importers keep one entry point
export * from './protocol-inspect'
export * from './protocol-stylize'

export const BACKENDS = ['auto', 'webgpu', 'wasm', 'cpu', 'tensorflow'] as const
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
const corners = z.tuple([z.number(), z.number(), z.number(), z.number()])

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
  z.object({
    kind: z.literal('detection'),
    index: z.number().int().min(0),
    input: pixelImageSchema,
    /** Ground-truth boxes: class id and corners in [0, 1]. */
    truth: z.array(z.object({ cls: z.number().int().min(0), box: corners })).max(64),
    /**
     * The most confident decoded boxes before non-maximum suppression, so the app can apply NMS at
     * any threshold the user picks (engine/detect/nms).
     */
    candidates: z
      .array(z.object({ cls: z.number().int().min(0), score: z.number().min(0).max(1), box: corners }))
      .max(64),
    classNames: z.array(z.string().max(200)).max(1000).optional(),
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
  /**
   * 'official': validation is the dataset's own test set; 'holdout': a share of the training
   * samples; 'fold': one fold of a k-fold cross-validation.
   */
  split: 'official' | 'holdout' | 'fold'
  inputShape: number[]
  numClasses?: number
}

/**
 * What a run started from other weights (fine-tuning) took from them: weights load by node name
 * and shape, so an edited graph reports which nodes start fresh and why.
 */
export interface TransferReport {
  /** Where the weights came from, as the user named it (a file, a run). */
  source: string
  /** Nodes whose every weight came from the source. */
  loaded: { node: string; params: number }[]
  /** Nodes that keep their freshly initialised weights: 'new' (or renamed) or 'shape' (changed). */
  initialised: { node: string; reason: 'new' | 'shape'; detail: string }[]
  /** Source nodes whose weights nothing in this graph took. */
  unused: string[]
}

/** What a run is doing before its first batch, so the app can say so instead of a blank status. */
export const RUN_PHASES = ['backend', 'data', 'model'] as const
/** What an export is doing, in order (a PyTorch package with data takes seconds per step). */
export const EXPORT_PHASES = ['load', 'build', 'write', 'data', 'parity'] as const
export type ExportPhase = (typeof EXPORT_PHASES)[number]

export type TrainEvent =
  | { type: 'phase'; phase: (typeof RUN_PHASES)[number] }
  | {
      type: 'run-started'
      backend: string
      backendDetail: string
      /** The adapter, when the run is on the GPU. */
      gpu?: GpuAdapterReport
      /** Why the backend choice passed over faster backends (a software GPU, a missing binding). */
      backendSkipped?: string[]
      dataset: DatasetSummary
      trainableParams: number
      /** Weights of frozen nodes (trainable: false), which the run keeps as they are. */
      frozenParams?: number
      epochs: number
      startEpoch: number
      /** Present when the run started from another run's or an imported model's weights. */
      transfer?: TransferReport
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
      /** Bytes the backend holds now (on webgpu: GPU buffers allocated, tfjs' pool included). */
      memoryBytes?: number
      memoryOnGpu?: boolean
    }
  | {
      type: 'epoch-end'
      /** Cross-validation in the app: the fold (0-based) this epoch belongs to. */
      fold?: number
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
  /** Cross-validation in the app: fold `fold` (0-based) of `folds` starts; its run events follow. */
  | { type: 'fold-started'; fold: number; folds: number }
  /** Every fold has ended: each validation measure's mean ± std over the folds' last epochs. */
  | { type: 'cross-validated'; folds: number; summary: FoldSummary }
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
  | { type: 'export-phase'; phase: ExportPhase }
  | { type: 'histograms'; epoch: number; layers: WeightHistograms[] }
  | { type: 'inspected'; result: InspectResult }
  | { type: 'devices'; result: DevicesReport }
  | { type: 'stylize-step'; losses: StylizeStepLosses }
  /** The image being optimised, as PNG bytes in base64, every `previewEvery` steps. */
  | { type: 'stylize-preview'; step: number; png: string }
  | { type: 'stylized'; result: StylizedResult }
  | { type: 'imported'; result: ImportedModel }

/** An ONNX model imported by the engine's process: the files written and what they hold. */
export interface ImportedModel {
  graph: string
  checkpoint: string
  nodes: number
  trainableParams: number
  warnings: string[]
}

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
  /**
   * Checkpoint (of a run or an imported model) whose weights start this run: matched by node name
   * and shape, so the graph may differ; unlike resumeFrom, the optimizer and epochs start afresh.
   */
  initFrom: z.string().optional(),
  /** How the load report names initFrom's weights (the app names the run, not its file). */
  initLabel: z.string().max(200).optional(),
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
  parity?: {
    maxDiff: number
    latencyMs: number
    engineLatencyMs: number
    /** onnxruntime's WebGPU execution provider, where a GPU is found; else gpuNote says why not */
    gpuLatencyMs?: number
    gpuMaxDiff?: number
    gpuNote?: string
  }
  warnings: string[]
  /** false when no checkpoint was given: the weights are the untrained initial ones. */
  trained: boolean
  /**
   * The run whose weights were exported: its id (the app's runs), the epochs it completed and
   * the settings it trained with, which train.py repeats.
   */
  run?: { id?: string; epoch: number; epochs: number; batchSize: number; lr: number }
  /** The app's exports: each file's path under the exports folder, '/'-separated (web mode serves them). */
  downloads?: string[]
}

export const workerCommandSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('train'), request: trainRequestSchema }),
  z.object({ type: z.literal('export'), request: exportRequestSchema }),
  z.object({ type: z.literal('inspect'), request: inspectRequestSchema }),
  z.object({ type: z.literal('devices') }),
  z.object({ type: z.literal('stylize'), request: stylizeRequestSchema }),
  /** An ONNX file → outDir/graph.json and outDir/<checkpoint> (the app's "Import model…"). */
  z.object({
    type: z.literal('import'),
    file: z.string().min(1),
    outDir: z.string().min(1),
    checkpoint: z.string().min(1),
  }),
  z.object({ type: z.literal('stop') }),
  z.object({ type: z.literal('pause') }),
  z.object({ type: z.literal('resume') }),
])
export type WorkerCommand = z.input<typeof workerCommandSchema>
