import { choice, ints } from './params'
import { defineLayer } from './types'

export const input = defineLayer({
  kind: 'Input',
  category: 'io',
  doc: {
    formula: String.raw`x \in \mathbb{R}^{d_1 \times \dots \times d_n}`,
    en: 'Where data enters the network. It computes nothing; it declares the shape of one sample with the batch axis left out, such as [28, 28, 1] for a grayscale image or [784] for a flat vector. Choose dtype int32 for token ids that feed an Embedding. Every later shape is derived from this one.',
    zh: '数据进入网络的入口。它本身不做计算，只声明单个样本的形状（不含批量维），例如灰度图是 [28, 28, 1]，展平的向量是 [784]。送入 Embedding 的词元编号请选 dtype int32。后面每一层的形状都由它推出。',
  },
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
  doc: {
    formula: String.raw`\hat{y} = x`,
    en: 'Marks a tensor as a model output; the loss compares this tensor with the targets. The values pass through untouched, so the output shape equals the input shape. A graph without an Output node uses its dangling ends instead.',
    zh: '把一个张量标记为模型输出，损失函数拿它和标签比较。数值原样通过，所以输出形状等于输入形状。没有 Output 节点的图会把没有后继的节点当作输出。',
  },
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
