/**
 * The presets of the course's BatchNorm and dropout chapters and the MLP with the course's
 * settings: the course's layer order and training settings, and a few batches that learn.
 */
import { describe, expect, it } from 'vitest'
import { trainingSchema } from '../../../engine/graph/schema'
import { presetDoc } from '../vision/presets'
import { trainInProcess } from '../../helpers/train'

const types = (name: string) => presetDoc(name).nodes.map((n) => n.type)

describe("the course's BatchNorm, dropout and MLP presets", () => {
  it('BN-LeNet puts BatchNorm between each convolution or dense layer and its sigmoid', () => {
    expect(types('bn-lenet')).toEqual([
      'Input',
      ...['Conv2D', 'BatchNorm', 'Sigmoid', 'AvgPool2D', 'Conv2D', 'BatchNorm', 'Sigmoid', 'AvgPool2D'],
      'Flatten',
      ...['Dense', 'BatchNorm', 'Sigmoid', 'Dense', 'BatchNorm', 'Sigmoid', 'Dense'],
    ])
    // the course's init_weights: xavier_uniform_ on every convolution and dense weight
    for (const name of ['bn-lenet', 'lenet'])
      for (const n of presetDoc(name).nodes.filter((n) => n.type === 'Conv2D' || n.type === 'Dense'))
        expect(n.init, `${name} ${n.id}`).toBe('xavier-uniform')
    const cfg = trainingSchema.parse(presetDoc('bn-lenet').training)
    expect([cfg.optimizer.type, cfg.optimizer.lr, cfg.batchSize, cfg.epochs]).toEqual(['sgd', 1, 256, 10])
    expect(cfg.split).toBe('official')
  })

  it('the dropout MLP drops 0.2 after the first hidden layer and 0.5 after the second', () => {
    const doc = presetDoc('mlp-dropout')
    expect(doc.nodes.filter((n) => n.type === 'Dropout').map((n) => n.params?.rate)).toEqual([0.2, 0.5])
    expect(types('mlp-dropout')).toEqual([
      'Input',
      'Flatten',
      'Dense',
      'Dropout',
      'Dense',
      'Dropout',
      'Dense',
    ])
    expect(doc.nodes.filter((n) => n.type === 'Dense').every((n) => n.init === 'normal')).toBe(true)
    const cfg = trainingSchema.parse(doc.training)
    expect([cfg.optimizer.type, cfg.optimizer.lr, cfg.batchSize, cfg.epochs]).toEqual(['sgd', 0.5, 256, 10])
  })

  it("the MLP's course-settings variant is the MLP preset's network, with the course's σ 0.01 and SGD", () => {
    const quick = presetDoc('mlp')
    const course = presetDoc('mlp-course')
    const layers = (d: typeof quick) => d.nodes.map((n) => [n.id, n.type, n.params])
    expect(layers(course)).toEqual(layers(quick))
    expect(course.edges).toEqual(quick.edges)
    expect(course.nodes.filter((n) => n.type === 'Dense').every((n) => n.init === 'normal')).toBe(true)
    const cfg = trainingSchema.parse(course.training)
    expect([cfg.optimizer.type, cfg.optimizer.lr, cfg.batchSize, cfg.epochs]).toEqual(['sgd', 0.1, 256, 10])
  })

  for (const name of ['bn-lenet', 'mlp-dropout'])
    it(`${name} learns from a few batches of Fashion-MNIST`, async () => {
      // 1,400 images (1,200 training, 200 test), 5 × 19 batches of 64 with the preset's SGD rate.
      // σ 0.01 weights start slowly, as in the course, and dropout masks differ between runs:
      // measured for the MLP, validation loss 2.2 → 1.1–1.4 and accuracy 0.06 → 0.45–0.57
      const r = await trainInProcess(presetDoc(name), {
        dataset: { name: 'fashion-mnist', limit: 1400 },
        batchSize: 64,
        epochs: 5,
      })
      const [first, ...rest] = r.history
      const late = rest.slice(-2)
      expect(Math.min(...late.map((h) => h.valLoss!))).toBeLessThan(0.7 * first.valLoss!)
      expect(Math.max(...late.map((h) => h.valMetrics.accuracy))).toBeGreaterThan(0.4)
    })
})
