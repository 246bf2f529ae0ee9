/**
 * Test helper: builds one registry entry through its `toTfjs` on `tf.input`s and reports what
 * tfjs sees, to compare with the entry's own shape and parameter arithmetic.
 */
import * as tf from '@tensorflow/tfjs'
import { expect } from 'vitest'
import {
  getLayer,
  type AnyLayerDef,
  type ParamValues,
  type ParamSpecs,
  type Shape,
} from '../../../engine/layers'
import type { Initializer } from '../../../engine/layers/types'
import { resolveParams } from '../../../engine/layers/resolve'

type Dtype = 'float32' | 'int32'

export interface Built {
  def: AnyLayerDef
  params: ParamValues<ParamSpecs>
  model: tf.LayersModel
  /** tfjs' symbolic output shape without the batch axis */
  shape: (number | null)[]
  trainable: number
  state: number
}

let counter = 0
const count = (ws: tf.LayerVariable[]) =>
  ws.reduce((n, w) => n + w.shape.reduce<number>((a, b) => a * (b ?? 0), 1), 0)

export function resolved(kind: string, raw: Record<string, unknown> = {}) {
  const def = getLayer(kind)
  if (!def) throw new Error(`no layer ${kind}`)
  const r = resolveParams(def, raw)
  if (!r.ok) throw new Error(`${kind} params: ${r.issues.map((i) => `${i.param} ${i.message}`).join('; ')}`)
  return { def, params: r.params }
}

export function build(
  kind: string,
  raw: Record<string, unknown>,
  inputs: Shape[],
  dtype: Dtype | Dtype[] = 'float32',
  init: Initializer = 'default',
): Built {
  const { def, params } = resolved(kind, raw)
  const name = `t${++counter}_${kind}`
  const ins = inputs.map((shape, i) =>
    tf.input({ shape, dtype: Array.isArray(dtype) ? dtype[i] : dtype, name: `${name}_in${i}` }),
  )
  const out = def.toTfjs(params, { tf, name, trainable: true, seed: 7, init, inputShapes: inputs })(ins)
  const model = tf.model({ inputs: ins.length ? ins : [out], outputs: out })
  return {
    def,
    params,
    model,
    shape: out.shape.slice(1),
    trainable: count(model.trainableWeights),
    state: count(model.nonTrainableWeights),
  }
}

/** Registry arithmetic and tfjs must agree; returns the registry's numbers for pinning. */
export function checked(
  kind: string,
  raw: Record<string, unknown>,
  inputs: Shape[],
  dtype?: Dtype | Dtype[],
) {
  const b = build(kind, raw, inputs, dtype)
  const shape = b.def.outputShape(b.params, inputs)
  const trainable = b.def.trainableParams(b.params, inputs)
  const state = b.def.stateParams?.(b.params, inputs) ?? 0
  expect(b.shape, `${kind} output shape`).toEqual(shape)
  expect(b.trainable, `${kind} trainable parameters`).toBe(trainable)
  expect(b.state, `${kind} state parameters`).toBe(state)
  const macs = b.def.macs?.(b.params, inputs, shape)
  return { ...b, outputShape: shape, trainableParams: trainable, stateParams: state, macs }
}
