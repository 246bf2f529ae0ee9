/**
 * NaN/Inf diagnosis. The loss is checked before the optimizer applies a step, so when it is not
 * finite the weights are still the last good ones; one more forward pass over the same batch,
 * layer by layer, then names the first graph node whose output stops being finite.
 */
import type * as tfTypes from '@tensorflow/tfjs'
import type { Tf } from '../layers/types'
import { quote } from '../budget/untrusted'

/** Thrown from inside the loss closure, so the step is abandoned before any weight changes. */
export class NonFiniteLoss extends Error {
  constructor(readonly value: number) {
    super(`the loss became ${value}`)
  }
}

export class NonFiniteTraining extends Error {
  constructor(
    message: string,
    /** The graph node whose output first held NaN/Inf, when one could be found. */
    readonly nodeId?: string,
  ) {
    super(message)
  }
}

/** Graph node of a tfjs layer: layers a node builds carry its name, sometimes with a suffix. */
function nodeOfLayer(layerName: string, layerNames: Map<string, string>): string | undefined {
  let best: [string, number] | undefined
  for (const [nodeId, name] of layerNames)
    if ((layerName === name || layerName.startsWith(name + '_')) && name.length > (best?.[1] ?? -1))
      best = [nodeId, name.length]
  return best?.[0]
}

/** The first node (in execution order) whose output on `x` holds a NaN or an infinity. */
export async function firstNonFiniteNode(
  tf: Tf,
  model: tfTypes.LayersModel,
  x: tfTypes.Tensor | tfTypes.Tensor[],
  layerNames: Map<string, string>,
): Promise<string | undefined> {
  const layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer')
  const outputs = layers.map((l) => l.output).filter((o): o is tfTypes.SymbolicTensor => !Array.isArray(o))
  if (!outputs.length) return undefined
  const probe = tf.model({ inputs: model.inputs, outputs })
  const bad = tf.tidy(() => {
    const outs = probe.apply(x, { training: true }) as tfTypes.Tensor | tfTypes.Tensor[]
    const list = Array.isArray(outs) ? outs : [outs]
    return tf.stack(list.map((t) => tf.logicalNot(tf.all(tf.isFinite(t))).toInt()))
  })
  // one asynchronous read for every layer: a synchronous one throws on webgpu in Node
  const flags = await bad.data()
  bad.dispose()
  const i = flags.indexOf(1)
  return i < 0 ? undefined : nodeOfLayer(layers[i].name, layerNames)
}

export function describeNonFinite(value: number, epoch: number, batch: number, nodeId?: string): string {
  const where = nodeId ? `; the first non-finite values come out of node ${quote(nodeId)}` : ''
  return `the loss became ${value} at epoch ${epoch}, batch ${batch}${where}: lower the learning rate or add normalisation (the last checkpoint was kept)`
}
