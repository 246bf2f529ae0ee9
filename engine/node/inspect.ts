/**
 * Looking inside a trained run: every layer's output for one sample, the first convolution's
 * filters, attention weights, and a 2-D classifier's decision boundary. Runs in the worker
 * thread (tfjs would block the Electron main process) from the run's checkpoint, which holds
 * the graph, the training settings and the weights.
 */
import { promises as fs } from 'node:fs'
import type * as tfTypes from '@tensorflow/tfjs'
import { compile } from '../compile/compile'
import { batchTensors } from '../data/augment'
import { datasetSplit, gatherBatch } from '../data/batches'
import { loadDataset } from '../data/registry'
import type { Dataset } from '../data/types'
import { admitGraph } from '../budget'
import { parseJsonBounded } from '../budget/untrusted'
import type { Analysis, NodeInfo } from '../graph/analyze'
import { trainingSchema, type TrainingConfig } from '../graph/schema'
import type { Tf } from '../layers/types'
import {
  inspectRequestSchema,
  type ActivationsResult,
  type BoundaryResult,
  type FeatureMaps,
  type InspectRequest,
  type InspectResult,
  type LayerActivation,
} from '../protocol'
import { MAGIC, type CheckpointMeta } from '../train/checkpoint'
import { outputHead } from '../train/head'
import { restoreState } from '../train/state'
import { generateText } from './inspect-generate'
import { loadCheckpointFile } from './run'

/** Limits that keep one answer to a few MB even for a 224×224 ResNet. */
export const MAX_CHANNELS = 32
export const MAX_MAP_SIDE = 48
export const MAX_VECTOR = 1024
export const MAX_FILTERS = 64
const MAX_POINTS = 1000

export const ATTENTION_KINDS = ['MultiHeadAttention', 'Attention']

/**
 * What an attention layer's tfjs implementation offers so its weights can be shown: the
 * softmax(QKᵀ/√d) matrix for given inputs, [batch, heads, queries, keys] or [batch, queries, keys].
 */
interface AttentionProbe {
  attentionWeights(inputs: tfTypes.Tensor[]): tfTypes.Tensor
}

interface Loaded {
  analysis: Analysis
  cfg: TrainingConfig
  model: tfTypes.LayersModel
  nodeOutputs: Map<string, tfTypes.SymbolicTensor>
  layerNames: Map<string, string>
  ds: Dataset
  split: { train: Int32Array; val: Int32Array }
}

async function load(tf: Tf, checkpoint: string): Promise<Loaded> {
  const ckpt = await loadCheckpointFile(checkpoint)
  const { analysis } = admitGraph(ckpt.meta.graph, "the checkpoint's graph")
  if (analysis.inputs.length !== 1)
    throw new Error(`inspection needs a graph with one Input; this one has ${analysis.inputs.length}`)
  const cfg = trainingSchema.parse(ckpt.meta.training)
  const { model, nodeOutputs, layerNames } = compile(tf, analysis, { seed: cfg.seed })
  await restoreState(tf, model, null, ckpt)
  const { name, ...dsOpts } = cfg.dataset
  const ds = await loadDataset(name, { ...dsOpts, seed: cfg.seed })
  return {
    analysis,
    cfg,
    model,
    nodeOutputs,
    layerNames,
    ds,
    split: datasetSplit(ds, cfg),
  }
}

export async function executeInspect(tf: Tf, raw: InspectRequest): Promise<InspectResult> {
  const req = inspectRequestSchema.parse(raw)
  // generation needs the model and its saved vocabulary, not the dataset
  if (req.what === 'generate') return generateText(tf, req)
  const l = await load(tf, req.checkpoint)
  try {
    return req.what === 'activations' ? activations(tf, l, req.sampleIndex) : boundary(tf, l, req.resolution)
  } finally {
    l.model.dispose()
  }
}

/** Model outputs as the learner reads them: probabilities for classifiers, raw values otherwise. */
function readable(tf: Tf, l: Loaded, out: tfTypes.Tensor): tfTypes.Tensor {
  if (l.ds.task !== 'classification' || outputHead(l.analysis) === 'probabilities') return out
  return out.shape.at(-1) === 1 ? tf.sigmoid(out) : tf.softmax(out)
}

function activations(tf: Tf, l: Loaded, index: number): ActivationsResult {
  const { analysis, ds } = l
  const split = l.split.val.length ? 'validation' : 'training'
  const pool = split === 'validation' ? l.split.val : l.split.train
  if (index >= pool.length)
    throw new Error(
      `sample ${index} does not exist: the ${split} split of '${ds.name}' has ${pool.length} samples`,
    )
  const input = analysis.order.find((n) => n.id === analysis.inputs[0])!
  const batch = gatherBatch(ds, pool, index, index + 1)
  const { x, y } = batchTensors(tf, ds, input.outputShape, l.cfg)(batch, 1)
  const shown = analysis.order.filter((n) => n.type !== 'Output')
  // one symbolic tensor may stand for several nodes (Output passes its input through)
  const tensors = [...new Set(shown.map((n) => l.nodeOutputs.get(n.id)!))]
  const probe = tf.model({ inputs: l.model.inputs, outputs: tensors })
  const values = tf.tidy(() => {
    const outs = probe.predict(x) as tfTypes.Tensor | tfTypes.Tensor[]
    return Array.isArray(outs) ? outs : [outs]
  })
  const byNode = new Map(shown.map((n) => [n.id, values[tensors.indexOf(l.nodeOutputs.get(n.id)!)]]))
  const output = tf.tidy(() => readable(tf, l, l.model.predict(x) as tfTypes.Tensor))
  const layers = shown
    .filter((n) => n.type !== 'Input')
    .map((n) => layerActivation(tf, l, n, byNode.get(n.id)!, byNode))
  const label = Array.from(batch.y)
  const result: ActivationsResult = {
    what: 'activations',
    sample: {
      index,
      count: pool.length,
      split,
      x: Array.from(batch.x),
      shape: ds.inputShape,
      label: describeTarget(ds, label),
      output: Array.from(output.dataSync()).slice(0, MAX_VECTOR),
      classNames: ds.classNames,
    },
    layers,
    filters: firstFilters(l),
  }
  tf.dispose([x, y, output, ...values])
  return result
}

const fmtNum = (v: number) => String(+v.toFixed(4))

/** A class name, a few numbers, or for masks and sequences just their shape. */
function describeTarget(ds: Dataset, y: number[]): string {
  if (ds.classNames && y.length === 1) return ds.classNames[y[0]] ?? String(y[0])
  if (y.length > 32) return `[${ds.targetShape.join('×')}]`
  // token sequences read as their tokens
  if (ds.classNames) return y.map((v) => ds.classNames![v] ?? String(v)).join(' ')
  return y.map(fmtNum).join(', ')
}

function layerActivation(
  tf: Tf,
  l: Loaded,
  n: NodeInfo,
  t: tfTypes.Tensor,
  byNode: Map<string, tfTypes.Tensor>,
): LayerActivation {
  const shape = n.outputShape
  const data = t.dataSync() as Float32Array
  const out: LayerActivation = { node: n.id, kind: n.type, shape }
  if (shape.length === 3) out.maps = featureMaps(data, shape[0], shape[1], shape[2])
  else if (shape.length === 2) out.maps = featureMaps(data, shape[0], shape[1], 1)
  else out.vector = { values: Array.from(data.subarray(0, MAX_VECTOR)), total: data.length }
  if (ATTENTION_KINDS.includes(n.type)) out.attention = attentionOf(tf, l, n, byNode)
  return out
}

/** The first MAX_CHANNELS channels of an [H, W, C] map, strided to at most MAX_MAP_SIDE a side. */
export function featureMaps(data: ArrayLike<number>, H: number, W: number, C: number): FeatureMaps {
  const stride = Math.ceil(Math.max(H, W) / MAX_MAP_SIDE)
  const h = Math.ceil(H / stride)
  const w = Math.ceil(W / stride)
  const channels = Math.min(C, MAX_CHANNELS)
  const bytes = new Uint8Array(channels * h * w)
  const min: number[] = []
  const max: number[] = []
  const plane = new Float32Array(h * w)
  for (let c = 0; c < channels; c++) {
    let lo = Infinity
    let hi = -Infinity
    for (let r = 0; r < h; r++)
      for (let q = 0; q < w; q++) {
        const v = data[(r * stride * W + q * stride) * C + c]
        plane[r * w + q] = v
        if (v < lo) lo = v
        if (v > hi) hi = v
      }
    min.push(lo)
    max.push(hi)
    const span = hi - lo
    for (let i = 0; i < h * w; i++)
      bytes[c * h * w + i] = span > 0 ? Math.round(((plane[i] - lo) / span) * 255) : 0
  }
  return {
    h,
    w,
    channels,
    totalChannels: C,
    stride,
    min,
    max,
    data: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
  }
}

function attentionOf(
  tf: Tf,
  l: Loaded,
  n: NodeInfo,
  byNode: Map<string, tfTypes.Tensor>,
): LayerActivation['attention'] {
  const layer = l.model.layers.find((x) => x.name === l.layerNames.get(n.id)) as
    (tfTypes.layers.Layer & Partial<AttentionProbe>) | undefined
  if (!layer?.attentionWeights)
    return { unavailable: `layer '${n.id}' (${n.type}) does not expose its attention weights` }
  const w = tf.tidy(() => layer.attentionWeights!(n.inputs.map((i) => byNode.get(i)!)))
  const s = w.shape
  const arr = (s.length === 3 ? w.expandDims(1) : w).arraySync() as number[][][][]
  w.dispose()
  return { heads: arr[0] }
}

/** The first Conv2D's kernels [kh, kw, in, out] as one small image per output channel. */
function firstFilters(l: Loaded): ActivationsResult['filters'] {
  const conv = l.analysis.order.find((n) => n.type === 'Conv2D')
  if (!conv) return undefined
  const kernel = l.model.weights.find((w) => w.originalName === `${l.layerNames.get(conv.id)}/kernel`)
  if (!kernel) return undefined
  const [kh, kw, cin, cout] = kernel.shape.map(Number)
  const k = kernel.read().dataSync()
  const rgb = cin === 3
  const kernels: number[][] = []
  let min = Infinity
  let max = -Infinity
  for (let o = 0; o < Math.min(cout, MAX_FILTERS); o++) {
    const img: number[] = []
    for (let p = 0; p < kh * kw; p++) {
      const at = (i: number) => k[(p * cin + i) * cout + o]
      if (rgb) img.push(at(0), at(1), at(2))
      else {
        let s = 0
        for (let i = 0; i < cin; i++) s += at(i)
        img.push(s / cin)
      }
    }
    for (const v of img) {
      if (v < min) min = v
      if (v > max) max = v
    }
    kernels.push(img)
  }
  return { node: conv.id, kh, kw, inChannels: cin, rgb, kernels, min, max }
}

function boundary(tf: Tf, l: Loaded, resolution: number): BoundaryResult {
  const { ds } = l
  if (ds.inputShape.length !== 1 || ds.inputShape[0] !== 2 || ds.inputDtype !== 'float32')
    throw new Error(
      `a decision boundary needs samples with 2 input features; '${ds.name}' has shape [${ds.inputShape.join('×')}]`,
    )
  const n = ds.size
  const xs = ds.x
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity // prettier-ignore
  for (let i = 0; i < n; i++) {
    const a = xs[2 * i] * ds.xScale
    const b = xs[2 * i + 1] * ds.xScale
    x0 = Math.min(x0, a)
    x1 = Math.max(x1, a)
    y0 = Math.min(y0, b)
    y1 = Math.max(y1, b)
  }
  const mx = (x1 - x0) * 0.1 || 1
  const my = (y1 - y0) * 0.1 || 1
  const xRange: [number, number] = [x0 - mx, x1 + mx]
  const yRange: [number, number] = [y0 - my, y1 + my]
  const cells = new Float32Array(resolution * resolution * 2)
  for (let r = 0; r < resolution; r++)
    for (let c = 0; c < resolution; c++) {
      const i = r * resolution + c
      cells[2 * i] = xRange[0] + ((c + 0.5) / resolution) * (xRange[1] - xRange[0])
      cells[2 * i + 1] = yRange[0] + ((r + 0.5) / resolution) * (yRange[1] - yRange[0])
    }
  const classify = ds.task === 'classification'
  const predict = (pts: Float32Array, count: number) =>
    tf.tidy(() => readable(tf, l, l.model.predict(tf.tensor2d(pts, [count, 2])) as tfTypes.Tensor))
  const probs = predict(cells, resolution * resolution)
  const k = probs.shape.at(-1)!
  const value: BoundaryResult['value'] = !classify ? 'output' : k <= 2 ? 'probability' : 'class'
  const grid = tf.tidy(() =>
    value === 'class' ? probs.argMax(-1) : probs.slice([0, k === 2 ? 1 : 0], [-1, 1]).flatten(),
  )
  const result: BoundaryResult = {
    what: 'boundary',
    xRange,
    yRange,
    resolution,
    grid: Array.from(grid.dataSync(), (v) => +v.toFixed(4)),
    value,
    classNames: ds.classNames,
    points: [],
    accuracy: null,
  }
  tf.dispose([probs, grid])
  const val = new Set(l.split.val)
  const take = Math.min(n, MAX_POINTS)
  for (let i = 0; i < take; i++)
    result.points.push({
      x: xs[2 * i] * ds.xScale,
      y: xs[2 * i + 1] * ds.xScale,
      label: ds.y[i],
      val: val.has(i),
    })
  if (classify && l.split.val.length) {
    const pts = new Float32Array(l.split.val.length * 2)
    l.split.val.forEach((s, j) => pts.set([xs[2 * s] * ds.xScale, xs[2 * s + 1] * ds.xScale], 2 * j))
    const p = predict(pts, l.split.val.length)
    const pred = tf.tidy(() => (k === 1 ? p.greater(0.5).flatten() : p.argMax(-1))).dataSync()
    p.dispose()
    let right = 0
    l.split.val.forEach((s, j) => (right += pred[j] === ds.y[s] ? 1 : 0))
    result.accuracy = right / l.split.val.length
  }
  return result
}

/** A checkpoint's header alone, without reading its weights (listing runs stays fast). */
export async function readCheckpointMeta(file: string): Promise<CheckpointMeta> {
  const fh = await fs.open(file, 'r')
  try {
    const head = Buffer.alloc(MAGIC.length + 4)
    await fh.read(head, 0, head.length, 0)
    if (head.subarray(0, MAGIC.length).toString('latin1') !== MAGIC)
      throw new Error(
        `${file} is not a usable Deepwire checkpoint: it does not start with the checkpoint signature`,
      )
    const length = head.readUInt32LE(MAGIC.length)
    if (head.length + length > (await fh.stat()).size)
      throw new Error(`${file} is not a usable Deepwire checkpoint: the file is truncated (header)`)
    const json = Buffer.alloc(length)
    await fh.read(json, 0, json.length, head.length)
    return parseJsonBounded(json.toString('utf8'), `${file}'s header`) as CheckpointMeta
  } finally {
    await fh.close()
  }
}
