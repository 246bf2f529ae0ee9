/**
 * A dataset held in memory as flat typed arrays. Images stay as bytes (`xScale` = 1/255) so
 * 70k Fashion-MNIST images take 55 MB, not 220; batches are gathered into float32 on demand.
 */
export type Task = 'classification' | 'regression' | 'segmentation' | 'language-model' | 'detection'

export interface Dataset {
  /** Registry name or file path it came from, shown in the UI and stored in checkpoints. */
  name: string
  task: Task
  /** Per-sample input shape, channels-last, no batch dimension: [28, 28, 1], [13], [T]. */
  inputShape: number[]
  inputDtype: 'float32' | 'int32'
  /**
   * Per-sample target shape: [] for a class index, [k] for k regression outputs, [H, W, 1] for masks,
   * [rows, 5] for detection boxes (class, x1, y1, x2, y2; class −1 pads, see data/detection/truth.ts).
   */
  targetShape: number[]
  /** Number of classes for classification / segmentation / language models (vocabulary size). */
  numClasses?: number
  classNames?: string[]
  /** Number of samples. */
  size: number
  /** size × prod(inputShape) values, sample-major. */
  x: Float32Array | Uint8Array | Int32Array
  /** Multiply x by this when batching (1/255 for byte images); 1 otherwise. */
  xScale: number
  /** size × prod(targetShape) values (class ids as numbers for classification). */
  y: Float32Array | Uint8Array | Int32Array
  /** Extra facts for the UI / checkpoint: feature names, normalisation stats, vocabulary. */
  meta?: Record<string, unknown>
  /**
   * Inputs after `x` for models with several Input nodes, matched to the graph's Inputs in node
   * order: an encoder–decoder takes (source, decoder tokens), BERT takes (tokens, segments).
   */
  moreInputs?: DatasetInput[]
  /**
   * The dataset's own test set, when it ships one: samples from this index on. Runs validate on it
   * by default (`training.split` 'official') and never train on it.
   */
  testFrom?: number
  /** A target id that is padding: the loss and the accuracy skip those positions. */
  ignoreTarget?: number
  /**
   * Language models: the whole text as token ids and where each sample's window starts in it,
   * so a training epoch can cut its windows at another offset (see data/partition.ts).
   */
  text?: TextStream
}

export interface TextStream {
  ids: Int32Array
  /** Per sample, the index in `ids` of its window's first token. */
  starts: Int32Array
}

export interface DatasetInput {
  /** What the input holds, shown in messages: 'decoder tokens', 'segments'. */
  name: string
  shape: number[]
  dtype: 'float32' | 'int32'
  /** size × prod(shape) values, sample-major (never scaled). */
  x: Float32Array | Int32Array
}

export interface DatasetOptions {
  /** Keep only the first N samples after a seeded shuffle (the CLI's --limit). */
  limit?: number
  seed?: number
  /** File or folder for user datasets (csv, image folder, idx, text). */
  path?: string
  /** CSV: target column name; IDX: labels file path. */
  target?: string
  /**
   * Image folders and `shapes`: resize / draw every image at this [H, W]. Sequences: `text` window
   * length [T], `sine` window τ, `copy`/`reverse`/`add` maximum number of digits [L].
   */
  size?: number[]
  /** Synthetic sets: sample count (`sine`: length of the series). */
  samples?: number
  noise?: number
  /** Synthetic 2-D sets (`circles`, `spirals`): number of classes. */
  classes?: number
  /** CSV: force 'classification' or 'regression' instead of guessing from the target column. */
  task?: Task
  /** Text: split into characters (default) or words. */
  tokenizer?: 'char' | 'word' | 'letters'
  /** Text: tokens seen fewer times than this map to <unk> (the course's min_freq; default 1 keeps all). */
  minFreq?: number
  /** Text datasets: windows shuffled ('random', default) or kept in text order ('sequential'). */
  partition?: 'random' | 'sequential'
}

export interface DatasetInfo {
  name: string
  task: Task
  description: string
  /** true when the set needs `path` (a user file). */
  needsPath: boolean
}
