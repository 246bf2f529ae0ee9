/** The Inspect view's protocol: weight histograms, feature maps, activations, decision boundaries. */
import { z } from 'zod'

/** Values of one tensor summarised: `counts` over `bins` equal-width bins from min to max. */
export interface Histogram {
  min: number
  max: number
  counts: number[]
  mean: number
  std: number
  /** L2 norm: how vanishing or exploding gradients show up epoch after epoch. */
  norm: number
}

/** One trainable weight tensor at an epoch's end: its values and its gradient on a probe batch. */
export interface WeightHistograms {
  /** Graph node id. */
  node: string
  /** The weight inside the node's layer: 'kernel', 'bias', 'gamma' … */
  param: string
  shape: number[]
  weights: Histogram
  grads: Histogram
}

const checkpointPath = z.string().min(1)

/** A language model continuing a prompt: the same settings as `deepwire predict`. */
export const generateSettings = {
  input: z.string().min(1).max(2000),
  /** 0 is greedy decoding. */
  temperature: z.number().min(0).max(10).default(1),
  /** Draw only from the k likeliest tokens. */
  topK: z.number().int().min(1).max(100_000).optional(),
  length: z.number().int().min(1).max(2000).default(100),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(0),
}

export const inspectRequestSchema = z.discriminatedUnion('what', [
  z.object({
    what: z.literal('activations'),
    checkpoint: checkpointPath,
    /** Index into the run's validation split (its training split when it has none). */
    sampleIndex: z.number().int().min(0),
  }),
  z.object({
    what: z.literal('boundary'),
    checkpoint: checkpointPath,
    /** Grid cells per axis. */
    resolution: z.number().int().min(4).max(200).default(60),
  }),
  z.object({
    what: z.literal('generate'),
    checkpoint: checkpointPath,
    ...generateSettings,
  }),
])
export type InspectRequest = z.input<typeof inspectRequestSchema>

/**
 * Channel images of one layer: `channels` images of h×w bytes, each scaled from its own
 * [min, max] to 0..255, concatenated and base64-encoded (a JSON number array would be 4× larger).
 */
export interface FeatureMaps {
  h: number
  w: number
  /** Channels shown (the first ones, at most a fixed number) and how many the layer has. */
  channels: number
  totalChannels: number
  /** Spatial stride used to shrink large maps (1 when shown at full size). */
  stride: number
  min: number[]
  max: number[]
  data: string
}

export interface LayerActivation {
  node: string
  kind: string
  /** Per-sample output shape. */
  shape: number[]
  /** Rank-3 outputs [H, W, C]; rank-2 ones [T, D] as one channel. */
  maps?: FeatureMaps
  /** Everything else flattened: the first values and the total count. */
  vector?: { values: number[]; total: number }
  /** Attention layers: weights [heads][query][key] for the sample. */
  attention?: { heads: number[][][] } | { unavailable: string }
}

export interface ActivationsResult {
  what: 'activations'
  sample: {
    index: number
    /** Samples available in the split the index counts in. */
    count: number
    split: 'validation' | 'training'
    /** Scaled input values (0..1 for images) in the dataset's own shape. */
    x: number[]
    shape: number[]
    label: string
    /** The model's output for the sample (probabilities for classifiers). */
    output: number[]
    classNames?: string[]
  }
  layers: LayerActivation[]
  /** The first convolution's kernels, one kh×kw image per output channel. */
  filters?: {
    node: string
    kh: number
    kw: number
    inChannels: number
    /** Per output channel: kh×kw×3 RGB (3 input channels) or kh×kw (input channels averaged). */
    rgb: boolean
    kernels: number[][]
    min: number
    max: number
  }
}

export interface BoundaryResult {
  what: 'boundary'
  xRange: [number, number]
  yRange: [number, number]
  resolution: number
  /** resolution × resolution, row-major from the bottom-left: P(class 1) for two classes, the argmax otherwise, the output for regression. */
  grid: number[]
  value: 'probability' | 'class' | 'output'
  classNames?: string[]
  points: { x: number; y: number; label: number; val: boolean }[]
  accuracy: number | null
}

/** A language model's continuation of a prompt. */
export interface GenerateResult {
  what: 'generate'
  input: string
  output: string
}

export type InspectResult = ActivationsResult | BoundaryResult | GenerateResult
