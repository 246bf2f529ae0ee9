import type { DatasetSummary, TrainEvent } from '../../engine/protocol'

/** A run-started event of a Fashion-MNIST run on its official split, with `dataset` changes. */
export const runStarted = (dataset: Partial<DatasetSummary> = {}): TrainEvent => ({
  type: 'run-started',
  backend: 'wasm',
  backendDetail: 'wasm',
  dataset: {
    name: 'fashion-mnist',
    task: 'classification',
    size: 70_000,
    train: 60_000,
    val: 10_000,
    split: 'official',
    inputShape: [28, 28, 1],
    ...dataset,
  },
  trainableParams: 1,
  epochs: 1,
  startEpoch: 0,
  batchesPerEpoch: 1,
})
