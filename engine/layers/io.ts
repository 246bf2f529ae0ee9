import { choice, ints } from './params'
import { defineLayer } from './types'

export const input = defineLayer({
  kind: 'Input',
  category: 'io',
  inputs: [0, 0],
  params: {
    /** Per-sample shape, channels-last: [28, 28, 1] for an image, [784] for a vector, [T] for token ids. */
    shape: ints({ default: [784], minLength: 1 }),
    dtype: choice(['float32', 'int32'] as const, 'float32'),
  },
  outputShape: (p) => [...p.shape],
  trainableParams: () => 0,
  // the generator hands over the name of the forward() argument
  toPytorch: (_p, io) => ({ forward: io.args[0] }),
  toTfjs: (p, ctx) => () => ctx.tf.input({ shape: p.shape, dtype: p.dtype, name: ctx.name }),
  toOnnx: (p, ctx) => ctx.graphInput(p.dtype, p.shape),
})

/** Marks a model output. Graphs without one use their sinks as outputs. */
export const output = defineLayer({
  kind: 'Output',
  category: 'io',
  inputs: [1, 1],
  params: {},
  outputShape: (_p, [x]) => [...x],
  trainableParams: () => 0,
  toPytorch: (_p, io) => ({ forward: io.args[0] }),
  toTfjs:
    () =>
    ([x]) =>
      x,
  toOnnx: (_p, ctx) => ctx.inputs[0],
})
