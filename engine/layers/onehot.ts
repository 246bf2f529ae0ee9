import { baseArgs } from './init'
import { int } from './params'
import { defineLayer } from './types'
import { chain } from './util'
import { channelsFirst, channelsLast } from '../export/pytorch/syntax'
import { toChannelsLast, toStorage } from '../export/onnx/layout'

/**
 * One-hot encoding of token ids, the input the course's recurrent chapter feeds its RNNs (where
 * later chapters use an Embedding). Built as an Embedding whose table is the frozen identity, so
 * tfjs trains through it without a custom layer and every backend already has its kernels.
 */
export const oneHot = defineLayer({
  kind: 'OneHot',
  category: 'core',
  doc: {
    formula: String.raw`y_{t,k} = \begin{cases}1 & k = x_t\\ 0 & \text{otherwise}\end{cases},\quad k = 0,\dots,V-1`,
    en: 'Turns each integer token id into a vector of length depth (V, the vocabulary size) that is 1 at the id and 0 everywhere else, so ids of shape [T] become [T, V]. Nothing is learned: unlike an Embedding, every token is equally far from every other, which is how the course first feeds characters to a recurrent network.',
    zh: '把每个整数词元编号变成长度为 depth（V，词表大小）的向量：编号所在位置为 1，其余为 0，所以形状 [T] 的编号变成 [T, V]。它没有可学习参数：与嵌入层不同，任意两个词元之间的距离都相同，课程最初就是这样把字符送进循环神经网络的。',
  },
  inputs: [1, 1],
  params: {
    /** Vocabulary size: ids run from 0 to depth − 1. */
    // the identity table is depth² floats (64 MB at 4,096): larger vocabularies want an Embedding
    depth: int({ default: 28, min: 1, max: 4096 }),
  },
  outputShape: (p, [x]) => [...x, p.depth],
  trainableParams: () => 0,
  // the frozen identity table tfjs keeps (PyTorch's F.one_hot has none)
  stateParams: (p) => p.depth * p.depth,
  toTfjs: (p, ctx) =>
    chain(
      ctx.tf.layers.embedding({
        ...baseArgs(ctx),
        trainable: false,
        inputDim: p.depth,
        outputDim: p.depth,
        embeddingsInitializer: ctx.tf.initializers.identity({ gain: 1 }),
      }),
    ),
  toOnnx: (p, ctx) => {
    const x = toChannelsLast(ctx, ctx.inputs[0], ctx.inputShapes[0])
    const ids = ctx.isInt(x) ? x : ctx.op('Cast', [x], { to: 7 })
    const eye = new Float32Array(p.depth * p.depth)
    for (let i = 0; i < p.depth; i++) eye[i * p.depth + i] = 1
    const y = ctx.op('Gather', [ctx.constant('eye', eye, [p.depth, p.depth]), ids], { axis: 0 })
    return toStorage(ctx, y, ctx.outputShape)
  },
  toPytorch: (p, io) => ({
    forward: channelsFirst(
      `F.one_hot(${channelsLast(io.args[0], io.in[0])}.long(), ${p.depth}).float()`,
      io.out,
    ),
  }),
})
