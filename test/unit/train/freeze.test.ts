import { describe, expect, it } from 'vitest'
import { analyze } from '../../../engine/graph/analyze'
import { parseGraph } from '../../../engine/graph/parse'
import type { GraphDocInput } from '../../../engine/graph/schema'
import { trainingSchema } from '../../../engine/graph/schema'
import { makeStepper } from '../../../engine/train/optimizer'
import { tf, trainInProcess } from '../../helpers/train'

/** Input [2] → body (Dense 8) → bn → head (Dense 2): the body and its BatchNorm can be frozen. */
const net = (frozen: boolean, headRate?: number): GraphDocInput => ({
  format: 'deepwire-graph',
  version: 2,
  nodes: [
    { id: 'in', type: 'Input', params: { shape: [2] } },
    {
      id: 'body',
      type: 'Dense',
      params: { units: 8, activation: 'relu' },
      ...(frozen ? { trainable: false } : {}),
    },
    { id: 'bn', type: 'BatchNorm', ...(frozen ? { trainable: false } : {}) },
    { id: 'head', type: 'Dense', params: { units: 2 }, ...(headRate ? { lrMultiplier: headRate } : {}) },
  ],
  edges: [
    { source: 'in', target: 'body' },
    { source: 'body', target: 'bn' },
    { source: 'bn', target: 'head' },
  ],
  training: { dataset: { name: 'moons' }, batchSize: 32, epochs: 3, validationSplit: 0.2, seed: 5 },
})

type Model = { weights: { originalName: string; read(): { data(): Promise<unknown> } }[] }
const valuesOf = async (model: Model) =>
  new Map(
    await Promise.all(
      model.weights.map(
        async (w) => [w.originalName, Float32Array.from((await w.read().data()) as Float32Array)] as const,
      ),
    ),
  )

describe('freezing', () => {
  it('keeps frozen weights and BatchNorm statistics bit-identical while the rest trains', async () => {
    for (const optimizer of [
      { type: 'adamw', lr: 0.05, weightDecay: 0.1 },
      { type: 'momentum', lr: 0.1, weightDecay: 0.01 },
    ]) {
      const start = await valuesOf((await trainInProcess(net(true), { optimizer }, { maxBatches: 0 })).model)
      const run = await trainInProcess(net(true), { optimizer })
      expect(run.history.length).toBe(3)
      const end = await valuesOf(run.model)
      for (const w of [
        'n_body/kernel',
        'n_body/bias',
        'n_bn/gamma',
        'n_bn/beta',
        'n_bn/moving_mean',
        'n_bn/moving_variance',
      ])
        expect(end.get(w), w).toEqual(start.get(w))
      expect(end.get('n_head/kernel')).not.toEqual(start.get('n_head/kernel'))
    }
    // the same graph unfrozen moves all of them, running statistics included
    const start = await valuesOf((await trainInProcess(net(false), {}, { maxBatches: 0 })).model)
    const end = await valuesOf((await trainInProcess(net(false), { epochs: 1 })).model)
    for (const w of ['n_body/kernel', 'n_bn/gamma', 'n_bn/moving_mean'])
      expect(end.get(w), w).not.toEqual(start.get(w))
  })

  it('a frozen BatchNorm normalises with its running statistics while training', async () => {
    const { model } = await trainInProcess(net(true), {}, { maxBatches: 0 })
    const bn = model.getLayer('n_bn')
    const x = tf.randomNormal([16, 8], 3, 2)
    const training = (await (bn.apply(x, { training: true }) as tf.Tensor).data()) as Float32Array
    const inference = (await (bn.apply(x, { training: false }) as tf.Tensor).data()) as Float32Array
    expect(Array.from(training)).toEqual(Array.from(inference))
    // running mean 0 and variance 1: the output is the input (not standardised by the batch)
    expect(training[0]).toBeCloseTo(((await x.data()) as Float32Array)[0] / Math.sqrt(1 + 1e-5), 5)
    x.dispose()
  })

  it('counts trainable and frozen parameters apart', () => {
    const p = parseGraph(net(true))
    if (!p.ok) throw new Error('graph')
    const a = analyze(p.doc)
    // body 2·8 + 8 and BatchNorm's γ, β (2·8) are frozen; the head's 8·2 + 2 train
    expect(a.totals.trainableParams).toBe(18)
    expect(a.totals.frozenParams).toBe(24 + 16)
    expect(a.summary.get('body')!.frozenParams).toBe(24)
    expect(a.totals.stateParams).toBe(24 + 16 + 16)
  })
})

describe('per-node learning-rate multiplier', () => {
  it("moves a variable by rate × multiplier × gradient under SGD, and by rate × multiplier on Adam's first step", () => {
    for (const [type, expected] of [
      ['sgd', (g: number) => -0.1 * 10 * g],
      ['adam', (g: number) => -0.1 * 10 * Math.sign(g)],
    ] as const) {
      const w = tf.variable(tf.tensor1d([1, -2, 0.5]))
      const stepper = makeStepper(
        tf,
        trainingSchema.parse({ optimizer: { type, lr: 0.1 } }),
        new Map([[w.name, 10]]),
      )
      const g = [0.3, -1.2, 2]
      stepper.applyGradients({ [w.name]: tf.tensor1d(g) }, [w], new Map())
      const after = Array.from(w.dataSync())
      ;[1, -2, 0.5].forEach((v, i) => expect(after[i] - v).toBeCloseTo(expected(g[i]), 4))
      w.dispose()
    }
  })

  it("the head's update is 10× the update it gets without the multiplier; other nodes' are unchanged", async () => {
    const settings = { optimizer: { type: 'sgd', lr: 0.05 } }
    const start = await valuesOf((await trainInProcess(net(false), settings, { maxBatches: 0 })).model)
    const plain = await valuesOf((await trainInProcess(net(false), settings, { maxBatches: 1 })).model)
    const fast = await valuesOf((await trainInProcess(net(false, 10), settings, { maxBatches: 1 })).model)
    const delta = (m: Map<string, Float32Array>, w: string) =>
      Array.from(m.get(w)!, (v, i) => v - start.get(w)![i])
    const p = delta(plain, 'n_head/kernel')
    const f = delta(fast, 'n_head/kernel')
    expect(p.some((d) => Math.abs(d) > 1e-4)).toBe(true)
    p.forEach((d, i) => expect(f[i]).toBeCloseTo(10 * d, 5))
    expect(delta(fast, 'n_body/kernel')).toEqual(delta(plain, 'n_body/kernel'))
  })
})
