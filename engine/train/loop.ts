/**
 * The training loop. A hand-written step (gradients → clip/decay → apply) instead of
 * model.fit, so Stop and Pause act between any two batches, the learning rate can follow a
 * schedule, and a checkpoint restores the optimizer exactly.
 */
import type * as tfTypes from '@tensorflow/tfjs'
import type { BackendChoice } from '../backend/select'
import type { Dataset } from '../data/types'
import type { Analysis } from '../graph/analyze'
import type { GraphDoc, TrainingConfig } from '../graph/schema'
import type { Tf } from '../layers/types'
import type { EpochRecord, Metrics, TrainEvent } from '../protocol'
import type { Checkpoint } from './checkpoint'
import { ConfusionCounter, confusionClasses, predictedClasses } from './confusion'
import { checkFit } from './fit-check'
import { PROBE_SAMPLES, weightHistograms } from './histograms'
import { MapScorer } from './detect/scorer'
import { truthOf } from '../data/detection/truth'
import { meanIoU } from './metrics'
import { describeNonFinite, firstNonFiniteNode, NonFiniteLoss, NonFiniteTraining } from './nonfinite'
import { ReplicaGroup, type ReplicaFactory } from './parallel/group'
import { describeWorkers, planWorkers } from './parallel/plan'
import { trainSession } from './parallel/session'
import { predictSamples, sampleIndices } from './samples'
import { carryRecurrentState } from './carry'
import { learningRate } from './schedule'
import { validationBleu } from './seq-bleu'
import { restoreState, snapshot } from './state'
import { savedDataset } from './saved-dataset'
import { deviceMemory } from './device-memory'
import { BatchPrefetch } from './prefetch'
import { makeTrainStep } from './step'
import { transferWeights } from './transfer'

export interface Control {
  stopRequested: boolean
  /** Resolves when training may continue (immediately unless paused). */
  whilePaused(): Promise<void>
}

export interface RunInput {
  tf: Tf
  doc: GraphDoc
  analysis: Analysis
  cfg: TrainingConfig
  dataset: Dataset
  backend: BackendChoice
  emit(e: TrainEvent): void
  control: Control
  resume?: Checkpoint
  /** Weights to start from (fine-tuning): matched by node name and shape; epochs and optimizer start afresh. */
  initFrom?: { checkpoint: Checkpoint; label: string }
  /** Called after every epoch with the encoded state; the host writes it to disk. */
  saveCheckpoint?(c: Checkpoint, epoch: number): Promise<string>
  maxBatches?: number
  /** Starts data-parallel replicas (training.workers); without it the run stays on this thread. */
  replicas?: ReplicaFactory
}

export interface RunResult {
  model: tfTypes.LayersModel
  history: EpochRecord[]
  reason: 'completed' | 'stopped' | 'early-stop'
}

const yieldToEvents = () => new Promise<void>((r) => setImmediate(r))

export async function runTraining(r: RunInput): Promise<RunResult> {
  const cleanup: Array<() => Promise<void>> = []
  try {
    return await trainRun(r, cleanup)
  } finally {
    // replicas end on every way out: completion, Stop, or an error
    for (const c of cleanup) await c()
  }
}

async function trainRun(r: RunInput, cleanup: Array<() => Promise<void>>): Promise<RunResult> {
  const { tf, cfg, dataset: ds, analysis, emit, control } = r
  checkFit(analysis, ds, cfg.loss)
  const session = trainSession(tf, analysis, cfg, ds)
  const { model, layerNames, head, lossFn, multiMask, metricNames, metricFns, stepper } = session
  const { train, val, split, bs, batches, toTensors } = session
  const trainStep = makeTrainStep(tf, session.parts)
  let history: EpochRecord[] = []
  let startEpoch = 0
  if (r.resume) {
    await restoreState(tf, model, stepper.optimizer, r.resume)
    history = r.resume.meta.history
    startEpoch = r.resume.meta.epoch
  }
  const transfer =
    r.initFrom && !r.resume
      ? transferWeights(tf, model, layerNames, r.initFrom.checkpoint, r.initFrom.label)
      : undefined
  const plan = planWorkers(cfg, r.backend.name, r.replicas, analysis, ds, bs)
  emit({
    type: 'run-started',
    backend: r.backend.name,
    backendDetail: describeWorkers(r.backend.detail, plan),
    ...(r.backend.gpu ? { gpu: r.backend.gpu } : {}),
    ...(r.backend.skipped ? { backendSkipped: r.backend.skipped } : {}),
    dataset: {
      name: ds.name,
      task: ds.task,
      size: ds.size,
      train: train.length,
      val: val.length,
      split,
      inputShape: ds.inputShape,
      numClasses: ds.numClasses,
    },
    trainableParams: analysis.totals.trainableParams,
    frozenParams: analysis.totals.frozenParams,
    epochs: cfg.epochs,
    startEpoch,
    batchesPerEpoch: batches,
    ...(transfer ? { transfer } : {}),
  })

  const output = analysis.order.find((n) => n.id === analysis.outputs[0])!
  const confusionK = confusionClasses(ds, output.outputShape.at(-1)!)
  const evaluate = async (idx: Int32Array) => {
    if (!idx.length) return { loss: null, metrics: {} as Metrics }
    const sums = new Float64Array(metricNames.length + 1)
    const counter = confusionK ? new ConfusionCounter(confusionK) : null
    const scorer = session.detection ? new MapScorer() : null
    for (let s = 0; s < idx.length; s += bs) {
      const e = Math.min(idx.length, s + bs)
      const { x, y, more, n } = toTensors(idx, s, e)
      const [stats, predicted] = tf.tidy(() => {
        const p = model.apply(more ? [x, ...more] : x, { training: false }) as tfTypes.Tensor
        const l = lossFn(y, p)
        const s = tf.stack([l, ...metricFns.map((f) => f(y, p, l))])
        // detection keeps the raw output: boxes are decoded and scored on the host
        return counter ? [s, predictedClasses(tf, p, head)] : scorer ? [s, p] : [s]
      })
      // asynchronous reads: a synchronous one throws on webgpu in Node
      const vals = await stats.data()
      if (counter && predicted) counter.add(await y.data(), await predicted.data())
      if (scorer && predicted) {
        const truth = Array.from(idx.subarray(s, e), (i) => truthOf(ds, i))
        scorer.add((await predicted.data()) as Float32Array, truth, predicted.shape[1]!)
      }
      tf.dispose([x, y, ...(more ?? []), stats, ...(predicted ? [predicted] : [])])
      for (let i = 0; i < vals.length; i++) sums[i] += vals[i] * n
    }
    const avg = Array.from(sums, (v) => v / idx.length)
    // perplexity is exp of the mean loss, not the mean of per-batch perplexities
    const metrics = Object.fromEntries(
      metricNames.map((m, i) => [m, m === 'perplexity' ? Math.exp(avg[0]) : avg[i + 1]]),
    )
    const confusion = counter?.result(ds.classNames)
    const miou = multiMask && confusion ? meanIoU(confusion.matrix) : null
    if (miou !== null) metrics.miou = miou
    const map = scorer?.result() ?? null
    if (map !== null) metrics.map = map
    return { loss: avg[0], metrics, confusion }
  }

  const shown = sampleIndices(val, train)

  const group =
    plan.workers > 1
      ? new ReplicaGroup(
          tf,
          session,
          r.replicas!,
          {
            doc: r.doc,
            cfg,
            backend: r.backend.name,
            resume: r.resume,
            initFrom: transfer ? r.initFrom : undefined,
          },
          plan.workers,
        )
      : null
  if (group) cleanup.push(() => group.close())
  type Batch = ReturnType<typeof toTensors>
  const batchOf = (order: Int32Array, epoch: number) =>
    new BatchPrefetch<Batch>(
      (b) => toTensors(order, b * bs, Math.min(train.length, (b + 1) * bs), { epoch, batch: b }),
      (t) => tf.dispose([t.x, t.y, ...(t.more ?? [])]),
    )
  const oneStep = async (prefetch: BatchPrefetch<Batch>, epoch: number, b: number) => {
    const { x, y, more, n } = prefetch.take(b)
    try {
      const pending = trainStep(x, y, more)
      try {
        if (b + 1 < batches) prefetch.prepare(b + 1)
      } catch (e) {
        await pending.catch(() => undefined)
        throw e
      }
      const { loss: lv, metrics: mv } = await pending
      return { lv, mv, n }
    } catch (e) {
      if (!(e instanceof NonFiniteLoss)) throw e
      const nodeId = await firstNonFiniteNode(tf, model, more ? [x, ...more] : x, layerNames)
      throw new NonFiniteTraining(describeNonFinite(e.value, epoch + 1, b + 1, nodeId), nodeId)
    } finally {
      tf.dispose([x, y, ...(more ?? [])])
    }
  }

  let reason: RunResult['reason'] = 'completed'
  let best = Infinity
  let sinceBest = 0
  let total = 0
  for (let epoch = startEpoch; epoch < cfg.epochs && reason === 'completed'; epoch++) {
    const lr = learningRate(cfg, epoch)
    stepper.setLearningRate(lr)
    if (cfg.dataset.partition === 'sequential') carryRecurrentState(tf, model, true)
    const order = session.epochOrder(epoch)
    const prefetch = batchOf(order, epoch)
    cleanup.push(async () => prefetch.clear())
    const sums = new Float64Array(metricNames.length + 1)
    let seen = 0
    const t0 = performance.now()
    for (let b = 0; b < batches; b++) {
      await control.whilePaused()
      if (control.stopRequested || (r.maxBatches !== undefined && total >= r.maxBatches)) {
        reason = 'stopped'
        break
      }
      const tb = performance.now()
      let lv: number
      let mv: ArrayLike<number>
      let n: number
      if (group) ({ n, loss: lv, metrics: mv } = await group.step(epoch, b, lr))
      else ({ lv, mv, n } = await oneStep(prefetch, epoch, b))
      total++
      if (!Number.isFinite(lv))
        throw new Error(
          `the loss became ${lv} at epoch ${epoch + 1}, batch ${b + 1}: lower the learning rate or add normalisation`,
        )
      seen += n
      sums[0] += lv * n
      const metrics: Metrics = {}
      metricNames.forEach((m, i) => {
        const v = m === 'perplexity' ? Math.exp(lv) : mv[i]
        metrics[m] = v
        sums[i + 1] += v * n
      })
      emit({
        type: 'batch-end',
        epoch: epoch + 1,
        batch: b + 1,
        batches,
        loss: lv,
        metrics,
        samplesPerSec: (n * 1000) / (performance.now() - tb),
        lr,
        ...deviceMemory(tf),
      })
      await yieldToEvents()
    }
    prefetch.clear()
    if (!seen) break
    await group?.verify()
    const seconds = (performance.now() - t0) / 1000
    const trainLoss = sums[0] / seen
    const metrics = Object.fromEntries(
      metricNames.map((m, i) => [m, m === 'perplexity' ? Math.exp(trainLoss) : sums[i + 1] / seen]),
    )
    const v = await evaluate(val)
    const bleuScore = await validationBleu(tf, model, ds, val)
    if (bleuScore !== undefined) v.metrics.bleu = bleuScore
    const rec: EpochRecord = {
      epoch: epoch + 1,
      loss: trainLoss,
      valLoss: v.loss,
      metrics,
      valMetrics: v.metrics,
      lr,
      ...(v.confusion ? { confusion: v.confusion } : {}),
    }
    if (reason === 'stopped') break // a partial epoch is reported per batch, never as an epoch
    history.push(rec)
    const samples = await predictSamples({
      tf,
      model,
      dataset: ds,
      head,
      indices: shown,
      batch: (i) => toTensors(i, 0, i.length),
    })
    emit({
      type: 'epoch-end',
      ...rec,
      samplesPerSec: seen / seconds,
      seconds,
      ...(samples ? { samples } : {}),
    })
    const probe = () => toTensors(train, 0, Math.min(train.length, bs, PROBE_SAMPLES))
    emit(await weightHistograms({ tf, model, analysis, loss: lossFn, probe, epoch: epoch + 1 }))
    if (r.saveCheckpoint) {
      const ckpt = await snapshot(model, stepper.optimizer, {
        graph: r.doc,
        training: cfg,
        epoch: epoch + 1,
        history,
        backend: r.backend.name,
        dataset: savedDataset(ds),
      })
      emit({ type: 'checkpoint', epoch: epoch + 1, path: await r.saveCheckpoint(ckpt, epoch + 1) })
    }
    if (cfg.earlyStop) {
      const monitored = v.loss ?? trainLoss
      if (monitored < best - cfg.earlyStop.minDelta) {
        best = monitored
        sinceBest = 0
      } else if (++sinceBest >= cfg.earlyStop.patience) reason = 'early-stop'
    }
  }
  await group?.verify()
  return { model, history, reason }
}
