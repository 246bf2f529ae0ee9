/**
 * Checks that a detection dataset fits a detection graph and builds what the training session
 * needs: the anchors, and the conversion of each batch's ground-truth rows into anchor targets.
 */
import { augmentActive } from '../../data/augment'
import type { Batch } from '../../data/batches'
import type { Dataset } from '../../data/types'
import type { Analysis } from '../../graph/analyze'
import type { TrainingConfig } from '../../graph/schema'
import { detectionLayout, type DetectionLayout } from './layout'
import { anchorTargets, TARGET_ROW } from './targets'

export interface DetectionSetup {
  layout: DetectionLayout
  /** The dataset as the batch builder sees it: targets are [anchors, 5] rows. */
  targetView: Dataset
  /** Replaces a gathered batch's ground-truth rows with its anchor targets. */
  encode(b: Batch, n: number): Batch
}

/** Throws a sentence saying what to change when the graph, dataset and loss do not go together. */
export function checkDetectionFit(
  analysis: Analysis,
  ds: Dataset,
  cfg: Pick<TrainingConfig, 'loss' | 'augment'>,
): DetectionLayout {
  if (ds.task !== 'detection')
    throw new Error(
      `the multibox loss trains detectors, but dataset '${ds.name}' is a ${ds.task} set: choose a detection dataset (detect-shapes, voc, yolo, coco) or another loss`,
    )
  if (cfg.loss !== 'multibox')
    throw new Error(
      `dataset '${ds.name}' holds boxes: set training.loss to 'multibox' to train a detector on it`,
    )
  if (augmentActive(cfg.augment))
    throw new Error(
      `augmentation would move the images but not their boxes: remove training.augment for detection dataset '${ds.name}'`,
    )
  const layout = detectionLayout(analysis)
  if (layout.classes !== ds.numClasses)
    throw new Error(
      `dataset '${ds.name}' has ${ds.numClasses} object classes but the MultiboxConcat is set to ${layout.classes}: set its classes (and the class heads' filters) to ${ds.numClasses}`,
    )
  return layout
}

export function detectionSetup(analysis: Analysis, ds: Dataset, cfg: TrainingConfig): DetectionSetup {
  const layout = checkDetectionFit(analysis, ds, cfg)
  const count = layout.anchors.length / 4
  return {
    layout,
    targetView: { ...ds, targetShape: [count, TARGET_ROW] },
    encode: (b, n) => ({ ...b, y: anchorTargets(b.y, n, layout.anchors) }),
  }
}
