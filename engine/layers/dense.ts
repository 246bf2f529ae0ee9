import { bool, choice, int } from './params'
import { weightedArgs } from './init'
import { ShapeError, defineLayer } from './types'

export const ACTIVATIONS = [
  'linear',
  'relu',
  'sigmoid',
  'tanh',
  'softmax',
  'elu',
  'selu',
  'gelu',
  'swish',
] as const

export const dense = defineLayer({
  kind: 'Dense',
  category: 'core',
  inputs: [1, 1],
  params: {
    units: int({ min: 1, default: 64 }),
    activation: choice(ACTIVATIONS, 'linear'),
    useBias: bool(true),
  },
  outputShape: (p, [x]) => {
    if (x.length === 0) throw new ShapeError('Dense needs an input with at least one axis')
    return [...x.slice(0, -1), p.units]
  },
  trainableParams: (p, [x]) => x.at(-1)! * p.units + (p.useBias ? p.units : 0),
  macs: (p, [x]) => (x.reduce((a, b) => a * b, 1) / x.at(-1)!) * x.at(-1)! * p.units,
  toTfjs: (p, ctx) => {
    // tfjs' softmax *activation* works on the last axis (unlike its Softmax layer's default of 1)
    const layer = ctx.tf.layers.dense({
      ...weightedArgs(ctx),
      units: p.units,
      useBias: p.useBias,
      activation: p.activation,
    })
    return ([x]) => layer.apply(x) as typeof x
  },
})
