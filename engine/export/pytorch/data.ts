/**
 * data.npz: the samples the engine trains on, for train.py. torchvision cannot download offline
 * and the engine's preprocessing (seeded order, standardised features, resized images) should
 * carry over, so the loaded Dataset itself is written: x as stored (bytes for images, with
 * x_scale), y as class ids or targets, channels-last like the engine.
 */
import { loadDataset } from '../../data/registry'
import type { Dataset } from '../../data/types'
import type { Analysis } from '../../graph/analyze'
import type { TrainingConfig } from '../../graph/schema'
import { detectionLayout } from '../../train/detect/layout'
import { anchorTargets, TARGET_ROW } from '../../train/detect/targets'
import { writeNpz, type NpyArray, type NpyDtype } from './npz'

export interface DataExportOptions {
  /** Keep only the first N samples of the engine's seeded order. */
  limit?: number
  /** Another file or folder for a csv/images/idx/text dataset. */
  path?: string
}

const dtypeOf = (a: Dataset['x']): NpyDtype =>
  a instanceof Uint8Array ? 'uint8' : a instanceof Int32Array ? 'int32' : 'float32'

export async function exportDataset(
  cfg: TrainingConfig,
  file: string,
  opts: DataExportOptions = {},
  analysis?: Analysis,
): Promise<Dataset> {
  const { name, ...dsOpts } = cfg.dataset
  const ds = await loadDataset(name, {
    ...dsOpts,
    ...(opts.limit ? { limit: opts.limit } : {}),
    ...(opts.path ? { path: opts.path } : {}),
    seed: cfg.seed,
  })
  // a detector trains on per-anchor targets (class, offsets), which depend on the graph's anchors;
  // the ground-truth rows travel beside them as `boxes`
  const anchors = ds.task === 'detection' && analysis ? detectionLayout(analysis).anchors : null
  const y: NpyArray = anchors
    ? {
        name: 'y',
        dtype: 'float32',
        shape: [ds.size, anchors.length / 4, TARGET_ROW],
        data: anchorTargets(ds.y, ds.size, anchors),
      }
    : { name: 'y', dtype: dtypeOf(ds.y), shape: [ds.size, ...ds.targetShape], data: ds.y }
  const arrays: NpyArray[] = [
    { name: 'x', dtype: dtypeOf(ds.x), shape: [ds.size, ...ds.inputShape], data: ds.x },
    y,
    ...(anchors
      ? [{ name: 'boxes', dtype: 'float32' as const, shape: [ds.size, ...ds.targetShape], data: ds.y }]
      : []),
    { name: 'x_scale', dtype: 'float32', shape: [], data: Float32Array.of(ds.xScale) },
    // where the dataset's own test samples start, for train.py's official split
    ...(ds.testFrom === undefined
      ? []
      : [{ name: 'test_from', dtype: 'int32' as const, shape: [], data: Int32Array.of(ds.testFrom) }]),
  ]
  await writeNpz(file, arrays, true)
  return ds
}
