/**
 * Normalisation over the last (channel / feature) axis, so one BatchNorm serves a dense [F]
 * input (PyTorch's BatchNorm1d) and a conv [H, W, C] input (BatchNorm2d). Defaults are PyTorch's.
 */
import { decomposedLayerNorm } from './norm-onnx'
import { baseArgs } from './init'
import { broadcastLayerNorm } from './layer-norm-tf'
import { bool, float } from './params'
import { ShapeError, defineLayer, type Shape } from './types'
import { chain } from './util'
import { call, onDim1, onLastAxis, pyFloat } from '../export/pytorch/syntax'
import { withChannelsAt1 } from '../export/onnx/emit'
import { toChannelsLast, toStorage } from '../export/onnx/layout'
import type { OnnxContext } from '../export/onnx/types'
import { vectorInput } from '../import/onnx/convert'

/** γ and β, or 1 and 0 where the layer has no affine parameters. */
function affine(ctx: OnnxContext, on: boolean): [string, string] {
  const c = ctx.outputShape.at(-1)!
  const w = (name: string, fill: number) => (on ? ctx.weight(name).data : new Float32Array(c).fill(fill))
  return [ctx.constant('weight', w('gamma', 1), [c]), ctx.constant('bias', w('beta', 0), [c])]
}

/** tfjs' normalisation kernels stop at 4-D batches, i.e. three axes per sample. */
function upTo3Axes(x: Shape): Shape {
  if (x.length > 3)
    throw new ShapeError(`normalisation works on inputs of up to 3 axes per sample, not ${x.length}`)
  return [...x]
}

export const batchNorm = defineLayer({
  kind: 'BatchNorm',
  category: 'norm',
  doc: {
    formula: String.raw`\hat{x} = \frac{x - \mu_B}{\sqrt{\sigma_B^2 + \epsilon}},\qquad y = \gamma \hat{x} + \beta`,
    en: 'Standardises every channel (last axis) with the mean μ_B and variance σ²_B of the current mini-batch, then rescales by a learned γ and shifts by a learned β (affine). Running averages, updated with weight momentum, stand in for the batch statistics at evaluation time. The shape is unchanged and it learns 2·C numbers; deep networks tolerate larger learning rates with it.',
    zh: '用当前小批量的均值 μ_B 和方差 σ²_B 对每个通道（最后一个轴）做标准化，再乘以可学习的 γ、加上可学习的 β（affine）。评估时用按 momentum 更新的滑动平均代替批量统计量。形状不变，可学习参数 2·C 个；有了它，深层网络能承受更大的学习率。',
  },
  inputs: [1, 1],
  params: {
    eps: float({ default: 1e-5, min: 1e-12, max: 1 }),
    /** PyTorch's meaning: the weight of the *new* batch statistics in the running averages. */
    momentum: float({ default: 0.1, min: 0, max: 1 }),
    /** Learnable scale γ and shift β (PyTorch's `affine`). */
    affine: bool(true),
  },
  outputShape: (_p, [x]) => upTo3Axes(x),
  trainableParams: (p, [x]) => (p.affine ? 2 * x.at(-1)! : 0),
  // running mean and variance
  stateParams: (_p, [x]) => 2 * x.at(-1)!,
  toPytorch: (p, io) => {
    const x = io.in[0]
    const module = ['nn.BatchNorm1d', 'nn.BatchNorm1d', 'nn.BatchNorm2d', 'nn.BatchNorm3d'][x.length - 1]
    if (!module) throw new Error(`PyTorch has no BatchNorm for inputs with ${x.length} axes per sample`)
    const kw = {
      eps: p.eps === 1e-5 ? undefined : pyFloat(p.eps),
      momentum: p.momentum === 0.1 ? undefined : pyFloat(p.momentum),
      affine: p.affine ? undefined : 'False',
    }
    return {
      module: call(module, [x.at(-1)!], kw),
      forward: onDim1(io.args[0], x, (v) => `${io.self}(${v})`),
      weights: [
        ...(p.affine
          ? [
              { tfjs: 'gamma', torch: 'weight' },
              { tfjs: 'beta', torch: 'bias' },
            ]
          : []),
        { tfjs: 'moving_mean', torch: 'running_mean' },
        { tfjs: 'moving_variance', torch: 'running_var' },
      ],
      counters: ['num_batches_tracked'],
    }
  },
  toTfjs: (p, ctx) => {
    const bn = ctx.tf.layers.batchNormalization({
      ...baseArgs(ctx),
      axis: -1,
      epsilon: p.eps,
      // tfjs (like Keras) weights the *old* running value: its momentum is 1 − PyTorch's
      momentum: 1 - p.momentum,
      center: p.affine,
      scale: p.affine,
    })
    // frozen (fine-tuning a pretrained part): normalise with the running statistics and leave
    // them as they are, as Keras does; tfjs alone would use and update the batch's statistics
    if (!ctx.trainable) {
      const call = bn.call.bind(bn)
      bn.call = (inputs, kwargs) => call(inputs, { ...kwargs, training: false })
    }
    return chain(bn)
  },
  // inference mode: the running statistics, as model.predict uses them
  toOnnx: (p, ctx) => {
    const [scale, shift] = affine(ctx, p.affine)
    const stat = (name: string, suffix: string) => {
      const w = ctx.weight(name)
      return ctx.constant(suffix, w.data, w.shape)
    }
    const stats = [stat('moving_mean', 'running_mean'), stat('moving_variance', 'running_var')]
    return withChannelsAt1(ctx, ctx.inputs[0], ctx.inputShapes[0], (x) =>
      ctx.op('BatchNormalization', [x, scale, shift, ...stats], { epsilon: { float: p.eps } }),
    )
  },
  // inference-mode BatchNormalization over channels on axis 1: an NCHW image, a vector
  fromOnnx: {
    ops: ['BatchNormalization'],
    recognise: (ctx) => {
      const x = ctx.input(0)
      if (!(x.layout === 'cf' || x.layout === 'gap' || (x.layout === 'cl' && x.shape.length === 1)))
        ctx.fail('its channels are not on axis 1 of an image or a vector')
      if (ctx.int('training_mode', 0)) ctx.fail('it is exported in training mode (batch statistics)')
      const c = x.shape.at(-1)!
      const [gamma, beta, mean, variance] = ['scale', 'bias', 'mean', 'var'].map(
        (what, i) => vectorInput(ctx, i + 1, what, c) ?? ctx.fail(`it has no ${what} input`),
      )
      // ONNX's momentum weights the old running value, like Keras; the engine's is PyTorch's
      const momentum = Math.min(1, Math.max(0, 1 - ctx.float('momentum', 0.9)))
      return {
        params: { eps: ctx.float('epsilon', 1e-5), momentum, affine: true },
        weights: { gamma, beta, moving_mean: mean, moving_variance: variance },
      }
    },
  },
})

export const layerNorm = defineLayer({
  kind: 'LayerNorm',
  category: 'norm',
  doc: {
    formula: String.raw`y = \gamma \odot \frac{x - \mu}{\sqrt{\sigma^2 + \epsilon}} + \beta,\quad \mu, \sigma^2 \text{ over the last axis}`,
    en: 'Standardises each sample by itself, using the mean and variance of its own features on the last axis, so it behaves the same for any batch size; Transformers rely on it. The shape is unchanged; with affine on it learns a scale and a shift per feature (2·C numbers).',
    zh: '每个样本单独标准化，使用它自己在最后一个轴上各特征的均值和方差，因此不受批量大小影响；Transformer 依赖它。形状不变；affine 打开时为每个特征学习一个缩放和一个平移（共 2·C 个参数）。',
  },
  inputs: [1, 1],
  params: {
    eps: float({ default: 1e-5, min: 1e-12, max: 1 }),
    /** Learnable per-feature scale and shift (PyTorch's `elementwise_affine`). */
    affine: bool(true),
  },
  outputShape: (_p, [x]) => upTo3Axes(x),
  trainableParams: (p, [x]) => (p.affine ? 2 * x.at(-1)! : 0),
  toPytorch: (p, io) => ({
    module: call('nn.LayerNorm', [io.in[0].at(-1)!], {
      eps: p.eps === 1e-5 ? undefined : pyFloat(p.eps),
      elementwise_affine: p.affine ? undefined : 'False',
    }),
    forward: onLastAxis(io.args[0], io.in[0], io.out, (v) => `${io.self}(${v})`),
    weights: p.affine
      ? [
          { tfjs: 'gamma', torch: 'weight' },
          { tfjs: 'beta', torch: 'bias' },
        ]
      : [],
  }),
  // tfjs' default epsilon is 1e-3; PyTorch's 1e-5 is passed explicitly
  toTfjs: (p, ctx) =>
    chain(
      broadcastLayerNorm(
        ctx.tf,
        ctx.tf.layers.layerNormalization({
          ...baseArgs(ctx),
          axis: -1,
          epsilon: p.eps,
          center: p.affine,
          scale: p.affine,
        }),
      ),
    ),
  toOnnx: (p, ctx) => {
    const x = toChannelsLast(ctx, ctx.inputs[0], ctx.inputShapes[0])
    const attrs = { axis: -1, epsilon: { float: p.eps } }
    const y = ctx.op('LayerNormalization', [x, ...affine(ctx, p.affine)], attrs)
    return toStorage(ctx, y, ctx.outputShape)
  },
  // over the last axis of a channels-last tensor (nn.LayerNorm(d) on [N, T, d] or [N, d])
  // and the operator-by-operator form of opsets before 17 (norm-onnx.ts)
  fromOnnx: {
    ops: ['LayerNormalization', 'ReduceMean'],
    recognise: (ctx) => {
      if (ctx.node.op === 'ReduceMean') return decomposedLayerNorm(ctx)
      const x = ctx.input(0)
      const axis = ctx.int('axis', -1)
      if (x.layout !== 'cl' || (axis !== -1 && axis !== x.shape.length))
        ctx.fail(
          `it normalises from axis ${axis}; the LayerNorm layer normalises the channels-last last axis only`,
        )
      const c = x.shape.at(-1)!
      const gamma = vectorInput(ctx, 1, 'scale', c) ?? ctx.fail('it has no scale input')
      const beta = vectorInput(ctx, 2, 'bias', c) ?? { data: new Float32Array(c), shape: [c] }
      return { params: { eps: ctx.float('epsilon', 1e-5), affine: true }, weights: { gamma, beta } }
    },
  },
})
