/**
 * Checkpoint file: everything needed to resume a run exactly — graph, training settings,
 * completed epochs, metric history, model weights (BatchNorm statistics included) and the
 * optimizer's state. One file (header + JSON + float32 blob) so it can be written atomically.
 */
import type { GraphDoc, TrainingConfig } from '../graph/schema'
import type { EpochRecord } from '../protocol'
import type { SavedDataset } from './saved-dataset'
import { BoundError, parseJsonBounded, quote } from '../budget/untrusted'

export const MAGIC = 'DWCKPT01'
export const CHECKPOINT_VERSION = 1

export interface TensorEntry {
  name: string
  shape: number[]
}

export interface CheckpointMeta {
  format: 'deepwire-checkpoint'
  version: number
  graph: GraphDoc
  training: TrainingConfig
  /** Epochs completed; a resumed run starts at this epoch index. */
  epoch: number
  history: EpochRecord[]
  backend: string
  /** Vocabulary, tokeniser and layout of the training data (older checkpoints lack it). */
  dataset?: SavedDataset
  weights: TensorEntry[]
  optimizer: TensorEntry[]
}

export interface Checkpoint {
  meta: CheckpointMeta
  weights: Float32Array[]
  optimizer: Float32Array[]
}

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1)

/** A tensor entry as the header must hold it: a name and a shape of whole, non-negative sizes. */
const validEntry = (e: unknown): e is TensorEntry =>
  !!e &&
  typeof (e as TensorEntry).name === 'string' &&
  Array.isArray((e as TensorEntry).shape) &&
  (e as TensorEntry).shape.every((d) => Number.isSafeInteger(d) && d >= 0)

/** Name of the first tensor holding NaN or an infinity, if any. */
export function firstNonFiniteTensor(c: Checkpoint): string | undefined {
  const entries = [...c.meta.weights, ...c.meta.optimizer]
  const data = [...c.weights, ...c.optimizer]
  for (let i = 0; i < data.length; i++)
    for (const v of data[i]) if (!Number.isFinite(v)) return entries[i]?.name ?? `#${i}`
  return undefined
}

/**
 * Refuses weights that hold NaN or infinities: writing them would replace the last good
 * checkpoint with one that can never train again.
 */
export function encodeCheckpoint(c: Checkpoint): Uint8Array {
  const bad = firstNonFiniteTensor(c)
  if (bad)
    throw new Error(
      `the weights became NaN or infinite by epoch ${c.meta.epoch} (first in ${quote(bad)}); the checkpoint on disk was not replaced: lower the learning rate or add normalisation`,
    )
  const json = new TextEncoder().encode(JSON.stringify(c.meta))
  const headerLen = MAGIC.length + 4 + json.length
  const pad = (4 - (headerLen % 4)) % 4
  const floats = [...c.weights, ...c.optimizer].reduce((a, t) => a + t.length, 0)
  const out = new Uint8Array(headerLen + pad + floats * 4)
  out.set(new TextEncoder().encode(MAGIC), 0)
  new DataView(out.buffer).setUint32(MAGIC.length, json.length, true)
  out.set(json, MAGIC.length + 4)
  const f = new Float32Array(out.buffer, headerLen + pad, floats)
  let o = 0
  for (const t of [...c.weights, ...c.optimizer]) {
    f.set(t, o)
    o += t.length
  }
  return out
}

/** Reads a checkpoint; throws an Error whose message says what is wrong with the file. */
export function decodeCheckpoint(bytes: Uint8Array, file = 'checkpoint'): Checkpoint {
  const fail = (why: string): never => {
    throw new Error(`${file} is not a usable Deepwire checkpoint: ${why}`)
  }
  if (bytes.length < MAGIC.length + 4 || new TextDecoder().decode(bytes.subarray(0, MAGIC.length)) !== MAGIC)
    fail('it does not start with the checkpoint signature')
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const jsonLen = view.getUint32(MAGIC.length, true)
  const headerLen = MAGIC.length + 4 + jsonLen
  if (headerLen > bytes.length) fail('the file is truncated (header)')
  let meta: CheckpointMeta
  try {
    const header = new TextDecoder().decode(bytes.subarray(MAGIC.length + 4, headerLen))
    meta = parseJsonBounded(header, 'its header') as CheckpointMeta
  } catch (e) {
    return fail(e instanceof BoundError ? e.message : 'its header is corrupted')
  }
  if (!meta || typeof meta !== 'object' || meta.format !== 'deepwire-checkpoint')
    fail('its header has the wrong format tag')
  if (!Number.isInteger(meta.version) || meta.version < 1)
    fail(`its header has no valid version (found ${JSON.stringify(meta.version)})`)
  if (meta.version > CHECKPOINT_VERSION)
    fail(
      `it was written by a newer Deepwire (checkpoint version ${meta.version}); this build reads up to version ${CHECKPOINT_VERSION}`,
    )
  if (!Array.isArray(meta.weights) || !Array.isArray(meta.optimizer)) fail('its tensor list is missing')
  const entries: unknown[] = [...meta.weights, ...meta.optimizer]
  const broken = entries.findIndex((e) => !validEntry(e))
  if (broken >= 0) fail(`tensor entry ${broken + 1} of its header is damaged (needs a name and a shape)`)
  if (!Number.isInteger(meta.epoch) || meta.epoch < 0 || !Array.isArray(meta.history))
    fail('its header has no valid epoch count or history')
  if (!meta.graph || typeof meta.graph !== 'object') fail('its header holds no graph')
  const start = headerLen + ((4 - (headerLen % 4)) % 4)
  const floats = (entries as TensorEntry[]).reduce((a, e) => a + size(e.shape), 0)
  if (bytes.length !== start + floats * 4)
    fail(`the file is truncated or padded (${bytes.length} bytes, expected ${start + floats * 4})`)
  // copy so the arrays are aligned and independent of the file buffer
  const all = new Float32Array(bytes.slice(start).buffer)
  let o = 0
  const take = (e: TensorEntry) => {
    const t = all.subarray(o, o + size(e.shape))
    o += t.length
    return t
  }
  return { meta, weights: meta.weights.map(take), optimizer: meta.optimizer.map(take) }
}
