/**
 * Everything a thread needs to train one graph on one dataset: the compiled model, loss,
 * metrics, optimizer, the train/validation split and the batch builder. The training loop and
 * every data-parallel replica build it with this one function, so they agree on weights (same
 * seed), batch order and preprocessing by construction.
 */
import type * as tfTypes from '@tensorflow/tfjs'
import { batchTensors } from '../../data/augment'
import { datasetSplit, gatherBatch } from '../../data/batches'
import { sequentialOrder, shiftedWindows } from '../../data/partition'
import { shuffleIndices } from '../../data/random'
import type { Dataset } from '../../data/types'
import type { Analysis } from '../../graph/analyze'
import type { TrainingConfig } from '../../graph/schema'
import type { Tf } from '../../layers/types'
import { compile } from '../../compile/compile'
import { detectionSetup } from '../detect/setup'
import { outputHead } from '../head'
import { makeLoss } from '../losses'
import { makeMetric, metricsFor } from '../metrics'
import { ownerOf, ownersOf } from '../node-weights'
import { makeStepper } from '../optimizer'
import type { TrainStepParts } from '../step'

export type TrainSession = ReturnType<typeof trainSession>

export function trainSession(tf: Tf, analysis: Analysis, cfg: TrainingConfig, ds: Dataset) {
  const { model, layerNames } = compile(tf, analysis, { seed: cfg.seed })
  const input = analysis.order.find((n) => n.id === analysis.inputs[0])!
  const head = outputHead(analysis)
  const lossFn = makeLoss(tf, cfg.loss, head, ds.numClasses, ds.ignoreTarget)
  // IoU and Dice read one mask channel: multi-class masks are scored by pixel accuracy per batch
  // and by the validation confusion matrix at epoch end
  const multiMask = ds.task === 'segmentation' && (ds.numClasses ?? 1) > 1
  const metricNames = multiMask
    ? metricsFor(
        'classification',
        cfg.metrics.filter((m) => m !== 'iou' && m !== 'dice'),
      )
    : metricsFor(ds.task, cfg.metrics, cfg.loss)
  const metricFns = metricNames.map((m) => makeMetric(tf, m, head, ds.ignoreTarget))
  const vars = model.trainableWeights.map((w) => w.read() as tfTypes.Variable)
  const owners = ownersOf(layerNames)
  const multipliers = new Map(analysis.order.map((n) => [n.id, n.lrMultiplier ?? 1]))
  const rates = new Map<string, number>()
  for (const w of model.trainableWeights) {
    const m = multipliers.get(ownerOf(w.originalName, owners) ?? '') ?? 1
    if (m !== 1) rates.set((w.read() as tfTypes.Variable).name, m)
  }
  const stepper = makeStepper(tf, cfg, rates)
  const decay = new Map<string, number>()
  for (const n of analysis.order)
    if (n.weightDecay)
      for (const w of model.trainableWeights)
        if (
          w.originalName.startsWith(`n_${n.id.replace(/[^A-Za-z0-9_]/g, '_')}/`) &&
          w.originalName.endsWith('kernel')
        )
          decay.set((w.read() as tfTypes.Variable).name, n.weightDecay)
  const parts: TrainStepParts = { model, loss: lossFn, metrics: metricFns, stepper, vars, decay }

  const whole = datasetSplit(ds, cfg)
  const { val, kind: split } = whole
  const bs = Math.min(cfg.batchSize, whole.train.length)
  // sequential partitioning: bs streams of equal length, so the few windows beyond them rest
  const sequential = cfg.dataset.partition === 'sequential'
  const train = sequential ? whole.train.slice(0, Math.floor(whole.train.length / bs) * bs) : whole.train
  const batches = Math.ceil(train.length / bs)
  // detection batches carry ground-truth rows; the model is scored against per-anchor targets
  const detection = ds.task === 'detection' ? detectionSetup(analysis, ds, cfg) : null
  const prepare = batchTensors(tf, detection?.targetView ?? ds, input.outputShape, cfg)
  // random partitioning of a text: every epoch cuts its training windows at a new offset
  const shifted = !sequential && ds.text ? shiftedWindows(ds, val, cfg.seed) : null
  const toTensors = (
    idx: ArrayLike<number>,
    s: number,
    e: number,
    step?: { epoch: number; batch: number },
  ) => {
    const n = e - s
    const batch = step && shifted ? shifted(idx, s, e, step.epoch) : gatherBatch(ds, idx, s, e)
    return { ...prepare(detection ? detection.encode(batch, n) : batch, n, step), n }
  }
  const epochOrder = (epoch: number) =>
    sequential
      ? sequentialOrder(train, bs)
      : cfg.shuffle
        ? permute(train, shuffleIndices(train.length, cfg.seed * 1000 + epoch))
        : train
  return {
    model,
    layerNames,
    head,
    lossFn,
    multiMask,
    detection,
    metricNames,
    metricFns,
    stepper,
    parts,
    train,
    val,
    split,
    bs,
    batches,
    toTensors,
    epochOrder,
  }
}

function permute(base: Int32Array, perm: Int32Array): Int32Array {
  const out = new Int32Array(base.length)
  for (let i = 0; i < base.length; i++) out[i] = base[perm[i]]
  return out
}
