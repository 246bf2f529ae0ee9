import type * as tfTypes from '@tensorflow/tfjs'
import { seqLayers } from '../layers/custom-seq'
import type { Tf } from '../layers/types'

/**
 * Turns state carrying on (sequential partitioning) or off in every recurrent layer of a model and
 * starts each from zeros again: called at every epoch start, as the course re-initialises its
 * state at the start of each epoch.
 */
export function carryRecurrentState(tf: Tf, model: tfTypes.LayersModel, on: boolean): void {
  const { Recurrent } = seqLayers(tf)
  for (const layer of model.layers)
    if (layer instanceof Recurrent) {
      layer.carry = on
      layer.resetCarry()
    }
}
