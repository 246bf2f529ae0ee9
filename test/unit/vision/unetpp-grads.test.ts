/**
 * The whole of UNet++'s backward pass on wasm (Deepwire's training kernels: convolution
 * gradients, BatchNorm's reductions and tiles, pooling and bilinear up-sampling gradients,
 * concatenations) against tfjs' reference cpu backend, at the same weights and batch. Each
 * kernel has its own test; this one catches a wrong composition, e.g. a view that aliases a
 * buffer it should not, which per-kernel tests cannot see.
 */
import { describe, expect, it } from 'vitest'
import { initBackend } from '../../../engine/backend/select'
import { compile } from '../../../engine/compile/compile'
import { batchTensors } from '../../../engine/data/augment'
import { gatherBatch } from '../../../engine/data/batches'
import { loadDataset } from '../../../engine/data/registry'
import { analyze } from '../../../engine/graph/analyze'
import { parseGraph } from '../../../engine/graph/parse'
import { trainingSchema } from '../../../engine/graph/schema'
import { outputHead } from '../../../engine/train/head'
import { makeLoss } from '../../../engine/train/losses'
import { tf } from '../../helpers/train'
import { relError } from '../backend/helpers'
import { presetDoc, withInputSize } from './presets'

const SIZE = 16
const BATCH = 4

/** UNet++ at 16×16 with an eighth of the filters (4 … 64): every op of the preset, in seconds. */
function smallUnetpp() {
  const doc = withInputSize(presetDoc('unetpp'), SIZE)
  const nodes = doc.nodes.map((n) => {
    const p = n.params as { channels?: number } | undefined
    return p?.channels ? { ...n, params: { ...p, channels: p.channels / 8 } } : n
  })
  const training = { ...doc.training, dataset: { name: 'shapes', size: [SIZE, SIZE], samples: BATCH } }
  const parsed = parseGraph({ ...doc, nodes, training })
  if (!parsed.ok) throw new Error(parsed.errors[0].message)
  const analysis = analyze(parsed.doc)
  if (!analysis.ok) throw new Error(analysis.errors[0].message)
  return { analysis, cfg: trainingSchema.parse(parsed.doc.training) }
}

describe('UNet++ gradients, wasm against cpu', () => {
  it('agree for every weight of the network', { timeout: 120_000 }, async () => {
    const { analysis, cfg } = smallUnetpp()
    await initBackend(tf, 'cpu')
    const { name, ...opts } = cfg.dataset
    const ds = await loadDataset(name, { ...opts, seed: cfg.seed })
    const { model } = compile(tf, analysis, { seed: cfg.seed })
    const loss = makeLoss(tf, cfg.loss, outputHead(analysis), ds.numClasses, ds.ignoreTarget)
    const prepare = batchTensors(tf, ds, analysis.order.find((n) => n.type === 'Input')!.outputShape, cfg)
    const batch = prepare(gatherBatch(ds, [0, 1, 2, 3], 0, BATCH), BATCH)
    const x = { shape: batch.x.shape, values: batch.x.dataSync().slice() }
    const y = { shape: batch.y.shape, values: batch.y.dataSync().slice() }
    tf.dispose([batch.x, batch.y])
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable)
    const gradients = () =>
      tf.tidy(() => {
        const xs = tf.tensor(x.values, x.shape)
        const ys = tf.tensor(y.values, y.shape)
        const { grads } = tf.variableGrads(
          () => loss(ys, model.apply(xs, { training: true }) as tf.Tensor) as tf.Scalar,
          vars,
        )
        return vars.map((v) => Array.from(grads[v.name].dataSync()))
      })
    const cpu = gradients()
    await initBackend(tf, 'wasm')
    const wasm = gradients()
    let compared = 0
    vars.forEach((v, i) => {
      // A convolution's bias right before a BatchNorm has a zero gradient (the mean removes it):
      // both backends return rounding noise of ~1e-9 there, which cannot be compared.
      const scale = Math.max(...cpu[i].map(Math.abs))
      if (scale < 1e-6) return
      expect(relError(wasm[i], cpu[i]), v.name).toBeLessThan(1e-3)
      compared++
    })
    // every weight but the 30 convolution biases that feed a BatchNorm
    expect(compared).toBe(vars.length - 30)
    model.dispose()
  })
})
