/**
 * The Deepwire graph document: what the canvas edits, presets ship and checkpoints embed.
 * Versioned; older versions are migrated (see migrate.ts), never rejected.
 */
import { z } from 'zod'
import { INITIALIZERS } from '../layers/types'

export const GRAPH_FORMAT = 'deepwire-graph'
export const GRAPH_VERSION = 2

/**
 * Document size limits, far above any real model (the largest preset has a few hundred nodes):
 * they bound the validator's work on a hostile or damaged file before anything is expanded.
 */
export const MAX_DOC_NODES = 10_000
export const MAX_DOC_EDGES = 40_000
export const MAX_BLOCKS = 1_000

const id = z.string().min(1, 'must not be empty').max(200, 'is longer than 200 characters')
const port = z.string().min(1).max(64)
/** Layer types, block and parameter names: echoed in messages and written into exports, so bounded. */
const name = z
  .string()
  .min(1, 'must not be empty')
  .max(100, 'is longer than 100 characters')
  .regex(/^[^\p{Cc}]+$/u, 'must not contain control characters')

/**
 * zod builds a record into a plain object, where a '__proto__' key would set the prototype, so it
 * drops that key. A block may be called anything, so the name travels under a stand-in no real
 * name can take (names have no control characters) and lands in a null-prototype record.
 */
export const PROTO_KEY = '\u0000__proto__'
const escapeProto = (v: unknown) =>
  v && typeof v === 'object' && !Array.isArray(v) && Object.hasOwn(v, '__proto__')
    ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k === '__proto__' ? PROTO_KEY : k, x]))
    : v
const nullProto = <T>(r: Record<string, T>): Record<string, T> => {
  const out = Object.create(null) as Record<string, T>
  for (const [k, v] of Object.entries(r)) out[k === PROTO_KEY ? '__proto__' : k] = v
  return out
}

export const nodeSchema = z.object({
  id,
  type: name,
  params: z.record(name, z.unknown()).optional(),
  /** Name of the block definition this node instantiates (type 'Block'). */
  block: name.optional(),
  /**
   * Block instances only: chain this many copies of the block, each feeding the next (VGG's
   * "n convolutions", DenseNet's "n conv blocks"). 0 or false skips the block (its input passes
   * straight through: ResNet's optional 1×1 shortcut), true is 1. A number, a boolean, or "$name"
   * of an enclosing block's parameter. The block needs exactly one input and one output port.
   */
  repeat: z
    .union([
      z.number().int().min(0).max(64),
      z.boolean(),
      z.string().regex(/^\$\w+$/, 'must be a number or "$param"'),
    ])
    .optional(),
  label: z.string().max(200).optional(),
  position: z.object({ x: z.number(), y: z.number() }).optional(),
  /**
   * Where auto-layout puts the node in the architecture's own drawing, as a cell of a grid: `rank`
   * counts along the flow (rows when the graph flows down, columns when it flows right), `lane`
   * across it. Presets use it to show UNet++ as its X(i, j) grid, FCN as a U, an encoder and a
   * decoder as two columns; nodes without one are placed next to their neighbours.
   */
  layoutHint: z
    .object({
      rank: z.number().int('must be a whole number of grid rows').min(0).max(10_000),
      lane: z.number().int('must be a whole number of grid columns').min(-10_000).max(10_000),
    })
    .optional(),
  trainable: z.boolean().optional(),
  init: z.enum(INITIALIZERS).optional(),
  /** L2 weight decay for this node's kernel (added to the loss). */
  weightDecay: z.number().min(0).max(1).optional(),
  /**
   * Learning rate of this node's weights as a multiple of the run's (fine-tuning trains a new head
   * at 10×); a block instance passes it to its layers.
   */
  lrMultiplier: z.number().positive().max(1000).optional(),
})

/**
 * Inside a block, `@name` as source or target stands for the block's input or output port
 * `name`; the flattener connects it to whatever the instantiating node is wired to.
 */
export const edgeSchema = z.object({
  id: id.optional(),
  source: id,
  sourcePort: port.optional(),
  target: id,
  targetPort: port.optional(),
})

const paramValue = z.union([z.number(), z.string(), z.boolean(), z.array(z.number())])

export interface BlockDef {
  description?: string
  inputs: string[]
  outputs: string[]
  /** Defaults of the block's parameters; inner params reference them as "$name". */
  params: Record<string, z.infer<typeof paramValue>>
  nodes: GraphNode[]
  edges: GraphEdge[]
}

export const blockSchema: z.ZodType<BlockDef> = z.object({
  description: z.string().optional(),
  inputs: z.array(port).min(1).default(['in']),
  outputs: z.array(port).min(1).default(['out']),
  params: z.record(name, paramValue).default({}),
  nodes: z.array(nodeSchema).max(MAX_DOC_NODES),
  edges: z.array(edgeSchema).max(MAX_DOC_EDGES),
}) as z.ZodType<BlockDef>

/**
 * 'multibox': detection (class cross-entropy + masked L1 of box offsets, see engine/train/detect).
 * 'mlm-nsp': BERT pretraining (masked-language-model + next-sentence cross-entropies, see
 * engine/train/mlm-nsp.ts).
 */
export const LOSSES = [
  'mse',
  'mae',
  'huber',
  'cross-entropy',
  'binary-cross-entropy',
  'dice',
  'multibox',
  'mlm-nsp',
] as const
export const OPTIMIZERS = ['sgd', 'momentum', 'adam', 'adamw', 'rmsprop', 'adagrad', 'adadelta'] as const
export const SCHEDULES = ['constant', 'step', 'cosine', 'multistep', 'warmup-cosine'] as const
/** Where validation samples come from (see datasetSplit in engine/data/batches.ts). */
export const SPLITS = ['official', 'holdout'] as const
export const METRICS = [
  'accuracy',
  'mae',
  'rmse',
  'log-rmse',
  'perplexity',
  'iou',
  'dice',
  'class-error',
  'box-mae',
  'mlm-accuracy',
  'nsp-accuracy',
] as const

const WORKERS = 'must be a whole number of workers from 1 to 16, or "auto"'

export const trainingSchema = z.object({
  dataset: z
    .object({
      name,
      path: z.string().max(4096, 'is longer than 4,096 characters').optional(),
      target: z.string().max(200, 'is longer than 200 characters').optional(),
      limit: z.number().int().positive().optional(),
      size: z.array(z.number().int().positive()).optional(),
      samples: z.number().int().positive().optional(),
      noise: z.number().min(0).optional(),
      /** Text datasets: characters, words, or the course's letters-and-space characters. */
      tokenizer: z.enum(['char', 'word', 'letters']).optional(),
      /**
       * Text datasets: tokens that occur fewer times than this are left out of the vocabulary and
       * read as <unk> (the course's min_freq for word vocabularies); 1 keeps every token.
       */
      minFreq: z.number().int().min(1).max(1_000_000).optional(),
      /**
       * Text datasets, the course's two ways to cut a corpus into minibatches: 'random' windows
       * (the recurrent state starts afresh every batch) or 'sequential' (row i of each batch
       * continues row i of the one before, and recurrent layers carry their state across).
       */
      partition: z.enum(['random', 'sequential']).optional(),
      /**
       * Images: per-channel (x − mean) / std on pixels in [0, 1], what a pretrained network saw in
       * training; 'imagenet' is torchvision's statistics.
       */
      normalize: z
        .union([
          z.literal('imagenet'),
          z.object({
            mean: z.array(z.number().min(-1000).max(1000)).min(1).max(4),
            std: z.array(z.number().positive().max(1000)).min(1).max(4),
          }),
        ])
        .optional(),
    })
    .default({ name: 'xor' }),
  loss: z.enum(LOSSES).default('cross-entropy'),
  optimizer: z
    .object({
      type: z.enum(OPTIMIZERS).default('adam'),
      lr: z.number().positive().max(100).default(0.001),
      momentum: z.number().min(0).max(1).default(0.9),
      beta1: z.number().min(0).max(1).default(0.9),
      beta2: z.number().min(0).max(1).default(0.999),
      /** Adadelta's decay of its running averages (the course's and PyTorch's 0.9). */
      rho: z.number().min(0).max(1).default(0.9),
      /** Decoupled for AdamW, L2-on-gradients for the others. */
      weightDecay: z.number().min(0).max(1).default(0),
    })
    .prefault({}),
  schedule: z
    .object({
      type: z.enum(SCHEDULES).default('constant'),
      stepEpochs: z.number().int().positive().default(10),
      gamma: z.number().positive().max(1).default(0.1),
      warmupEpochs: z.number().min(0).default(0),
      /** 'multistep': the epochs (0-based, ascending) at which the rate is multiplied by `gamma`. */
      milestones: z
        .array(z.number().int().min(1).max(100000))
        .max(100, 'may list at most 100 milestones')
        .refine((m) => m.every((v, i) => i === 0 || v > m[i - 1]), 'must be in ascending order')
        .default([]),
      /** 'warmup-cosine': the rate the cosine ends at, and holds after `maxEpochs`. */
      finalLr: z.number().min(0).max(100).default(0),
      /** 'warmup-cosine': the epoch the cosine reaches `finalLr` (default: the run's epochs). */
      maxEpochs: z.number().int().positive().max(100000).optional(),
    })
    .refine((s) => s.type !== 'multistep' || s.milestones.length > 0, {
      message: 'needs at least one milestone for the multi-factor step schedule',
      path: ['milestones'],
    })
    .refine((s) => s.type !== 'warmup-cosine' || (s.maxEpochs ?? Infinity) > s.warmupEpochs, {
      message: 'must be larger than warmupEpochs for the warm-up + cosine schedule',
      path: ['maxEpochs'],
    })
    .prefault({}),
  batchSize: z.number().int().min(1).max(65536).default(64),
  epochs: z.number().int().min(1).max(100000).default(10),
  metrics: z.array(z.enum(METRICS)).default([]),
  /**
   * 'official': validate on the dataset's own test set where it ships one (Fashion-MNIST), as the
   * course reports test accuracy; elsewhere, and with 'holdout', hold out `validationSplit` of the
   * training samples.
   */
  split: z.enum(SPLITS).default('official'),
  validationSplit: z.number().min(0).max(0.9).default(0.1),
  /**
   * k-fold cross-validation over the training samples: `deepwire train --folds K` trains K runs,
   * each validating on one fold, and reports each metric's mean ± std; a single run validates on
   * fold `fold` (0-based, default the first).
   */
  folds: z.number().int().min(2, 'must be at least 2').max(50, 'may be at most 50').optional(),
  fold: z.number().int().min(0).optional(),
  seed: z.number().int().default(42),
  shuffle: z.boolean().default(true),
  clipNorm: z.number().positive().optional(),
  /**
   * Threads training one run data-parallel (each takes a part of every batch): a count, or
   * 'auto' (the cores, at most 4, on the wasm backend; 1 on native TensorFlow or small batches).
   */
  workers: z
    .union([z.number().int(WORKERS).min(1, WORKERS).max(16, WORKERS), z.literal('auto')], { error: WORKERS })
    .default('auto'),
  earlyStop: z
    .object({ patience: z.number().int().min(1), minDelta: z.number().min(0).default(0) })
    .optional(),
  /** Image augmentation of training batches, seeded by `seed`; validation batches stay as they are. */
  augment: z
    .object({
      /** Mirror left–right with probability 0.5. */
      flip: z.boolean().default(false),
      /** Pad by this many pixels, then crop a random window of the original size. */
      cropPadding: z.number().int().min(0).max(64).default(0),
      /** Multiply the pixels by a random factor in [1 − brightness, 1 + brightness]. */
      brightness: z.number().min(0).max(1).default(0),
      /** Scale the distance to the image mean by a random factor in [1 − contrast, 1 + contrast]. */
      contrast: z.number().min(0).max(1).default(0),
      /** Blend with the grey image by a random factor in [1 − saturation, 1 + saturation] (colour images). */
      saturation: z.number().min(0).max(1).default(0),
      /** Turn the hue by a random share of a full turn in [−hue, hue] (colour images). */
      hue: z.number().min(0).max(0.5).default(0),
      /** RandomResizedCrop: a random box of `cropScale` of the area and `cropRatio` aspect, resized back. */
      resizedCrop: z.boolean().default(false),
      cropScale: z
        .tuple([z.number().gt(0).max(1), z.number().gt(0).max(1)])
        .refine(([a, b]) => a <= b, 'must be [smallest, largest] share of the image')
        .default([0.08, 1]),
      cropRatio: z
        .tuple([z.number().gt(0).max(100), z.number().gt(0).max(100)])
        .refine(([a, b]) => a <= b, 'must be [narrowest, widest] width-to-height ratio')
        .default([3 / 4, 4 / 3]),
    })
    .optional(),
})

/** Presets' settings kinds: the course's own hyper-parameters, or a faster variant for a first look. */
export const PRESET_SETTINGS = ['course', 'quick'] as const

export const presetMetaSchema = z.object({
  settings: z.enum(PRESET_SETTINGS),
  /** The d2l-zh section whose reported figure this preset is compared with, e.g. '6.6'. */
  courseSection: z
    .string()
    .regex(/^\d{1,2}(\.\d{1,2}){0,2}$/, 'must be a section number such as 6.6')
    .optional(),
})

export const graphSchema = z.object({
  format: z.literal(GRAPH_FORMAT),
  version: z.literal(GRAPH_VERSION),
  name: z.string().max(200).default('untitled'),
  description: z.string().optional(),
  /** What the model is for, shown in the preset gallery. */
  task: z.string().optional(),
  /** Preset gallery metadata: see presetMetaSchema. */
  preset: z.lazy(() => presetMetaSchema).optional(),
  nodes: z.array(nodeSchema).max(MAX_DOC_NODES),
  edges: z.array(edgeSchema).max(MAX_DOC_EDGES),
  blocks: z
    .preprocess(
      escapeProto,
      z
        .record(name.or(z.literal(PROTO_KEY)), blockSchema)
        .refine((b) => Object.keys(b).length <= MAX_BLOCKS, `may define at most ${MAX_BLOCKS} blocks`),
    )
    .transform(nullProto)
    .default({}),
  training: trainingSchema.prefault({}),
})

export type GraphNode = z.infer<typeof nodeSchema>
export type GraphEdge = z.infer<typeof edgeSchema>
export type GraphDoc = z.infer<typeof graphSchema>
export type TrainingConfig = z.infer<typeof trainingSchema>
export type GraphDocInput = z.input<typeof graphSchema>
