import { describe, expect, it } from 'vitest'
import type { RunRecord, RunSettings } from '../../../engine/node/runs'
import {
  foldMeanEpochs,
  runCurves,
  runNumbers,
  settingsRows,
  settingText,
  sharedMetric,
} from '../../../renderer/src/store/run-compare'

const settings: RunSettings = {
  graphName: 'LeNet-5',
  graphHash: 'abc',
  dataset: 'fashion-mnist',
  datasetOptions: 'limit=500',
  loss: 'cross-entropy',
  optimizer: 'sgd',
  lr: 0.9,
  weightDecay: 0,
  schedule: 'constant',
  batchSize: 256,
  epochs: 2,
  split: 'official',
  validationSplit: 0.1,
  seed: 42,
  augment: '',
  trainableParams: 61706,
  activations: ['sigmoid'],
  layers: { Dense: 3, Conv2D: 2, Flatten: 1 },
}
const epoch = (n: number, valMetrics: Record<string, number>, valLoss: number | null = 1 / n) => ({
  epoch: n,
  loss: 2 / n,
  valLoss,
  metrics: {},
  valMetrics,
  lr: 0.1,
  seconds: 1,
})
const run = (
  id: string,
  startedAt: number,
  s: Partial<RunSettings>,
  epochs = [epoch(1, { accuracy: 0.5 })],
): RunRecord => ({
  id,
  startedAt,
  status: 'completed',
  backend: 'wasm',
  settings: { ...settings, ...s },
  epochs,
})

describe('run comparison', () => {
  it('lists only the settings that differ, or all of them on request', () => {
    const a = run('a', 1, {})
    const b = run('b', 2, { activations: ['relu'], graphHash: 'def', lr: 0.1 })
    expect(settingsRows([a, b])).toEqual([
      { key: 'graphHash', values: ['abc', 'def'], differs: true },
      { key: 'activations', values: ['sigmoid', 'relu'], differs: true },
      { key: 'lr', values: ['0.9', '0.1'], differs: true },
    ])
    const all = settingsRows([a, b], true)
    expect(all.length).toBeGreaterThan(15)
    expect(all.find((r) => r.key === 'layers')).toEqual({
      key: 'layers',
      values: ['Conv2D×2 Dense×3 Flatten', 'Conv2D×2 Dense×3 Flatten'],
      differs: false,
    })
    expect(settingText(a, 'trainableParams')).toBe('61,706')
    expect(settingText(a, 'augment')).toBe('—')
    expect(settingText({ ...a, settings: null }, 'lr')).toBe('—')
  })

  it('numbers runs by start time and picks a metric every run has', () => {
    const a = run('a', 5, {}, [epoch(1, { accuracy: 0.5, miou: 0.2 })])
    const b = run('b', 3, {}, [epoch(1, { miou: 0.3, iou: 0.1 })])
    expect([...runNumbers([a, b])]).toEqual([
      ['b', 1],
      ['a', 2],
    ])
    expect(sharedMetric([a, b])).toBe('miou')
    expect(sharedMetric([a])).toBe('accuracy')
    expect(sharedMetric([a, run('c', 1, {}, [epoch(1, { mae: 1 })])])).toBeNull()
  })

  it('turns epochs into curves, skipping missing validation values', () => {
    const r = run('a', 1, {}, [epoch(1, { accuracy: 0.5 }, null), epoch(2, { accuracy: 0.75 })])
    expect(runCurves(r, 'accuracy')).toEqual({
      loss: [
        [1, 2],
        [2, 1],
      ],
      valLoss: [[2, 0.5]],
      metric: [
        [1, 0.5],
        [2, 0.75],
      ],
    })
  })

  it('draws a cross-validated run as its folds’ mean, epoch by epoch', () => {
    const f = (fold: number, n: number, acc: number, valLoss: number) => ({
      ...epoch(n, { accuracy: acc }, valLoss),
      loss: fold + n,
      fold,
    })
    // fold 1 is still training: epoch 2 averages the one fold that reached it
    const epochs = [f(0, 1, 0.5, 2), f(0, 2, 0.7, 1), f(1, 1, 0.6, 4)]
    const mean = foldMeanEpochs(epochs)
    expect(mean.map((e) => [e.epoch, e.loss, e.valLoss, e.valMetrics.accuracy])).toEqual([
      [1, 1.5, 3, 0.55],
      [2, 2, 1, 0.7],
    ])
    expect(runCurves(run('cv', 1, { folds: 2 }, epochs), 'accuracy').metric).toEqual([
      [1, 0.55],
      [2, 0.7],
    ])
    // runs without folds keep their epochs as they are
    const plain = [epoch(1, { accuracy: 0.5 })]
    expect(foldMeanEpochs(plain)).toBe(plain)
    expect(settingText(run('x', 1, {}), 'folds')).toBe('—')
    expect(settingText(run('cv', 1, { folds: 5 }), 'folds')).toBe('5')
  })
})
