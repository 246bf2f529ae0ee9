/**
 * SimpleRNN, GRU and LSTM over a sequence [T, F]. The maths, weights and parameter counts are
 * PyTorch's nn.RNN / nn.GRU / nn.LSTM (batch_first, one layer; stacking is chaining nodes), so
 * the ONNX export uses the RNN/GRU/LSTM operators and the PyTorch export the modules themselves.
 * Optional extra inputs are the initial state: h0 [H] (and c0 [H] for the LSTM), shared by both
 * directions of a bidirectional layer — how a seq2seq encoder's last state starts its decoder.
 */
import { baseArgs, kernelInit } from './init'
import { bool, choice, int } from './params'
import { seqLayers } from './custom-seq'
import { GATES, recurrentWeightNames, type Cell, type Merge } from './recurrent-tf'
import {
  ShapeError,
  defineLayer,
  type LayerDoc,
  type PytorchCode,
  type PytorchIO,
  type Shape,
  type SymbolicTensor,
  type TfjsContext,
} from './types'
import { expectRank, fmt } from './util'
import { call, pyStr } from '../export/pytorch/syntax'
import { permuted } from '../export/onnx/layout'
import type { OnnxImportContext } from '../import/onnx/types'
import type { OnnxContext, Weight } from '../export/onnx/types'
import { ONNX_GATES } from './recurrent-gates'
import { recurrentFromOnnx } from './recurrent-onnx'

const MERGES = ['none', 'concat', 'sum'] as const satisfies readonly Merge[]

interface RecurrentParams {
  units: number
  returnSequences: boolean
  bidirectional: Merge
  activation?: 'tanh' | 'relu'
}

const common = {
  units: int({ min: 1, default: 64 }),
  /** true: the output at every step [T, H]; false: only the final state [H]. */
  returnSequences: bool(true),
  /** A second pass over the reversed sequence, its outputs concatenated (2H wide) or summed. */
  bidirectional: choice(MERGES, 'none'),
}

const NAMES: Record<Cell, string> = { rnn: 'SimpleRNN', gru: 'GRU', lstm: 'LSTM' }
const TORCH: Record<Cell, string> = { rnn: 'nn.RNN', gru: 'nn.GRU', lstm: 'nn.LSTM' }
const ONNX_OP: Record<Cell, string> = { rnn: 'RNN', gru: 'GRU', lstm: 'LSTM' }

const directions = (p: RecurrentParams) => (p.bidirectional === 'none' ? 1 : 2)

function outputShape(cell: Cell, p: RecurrentParams, [x, ...states]: Shape[]): Shape {
  const kind = NAMES[cell]
  expectRank(kind, x, 2, 'a sequence [time steps, features]')
  const names = ['initial hidden state h0', 'initial cell state c0']
  states.forEach((s, i) => {
    if (s.length !== 1 || s[0] !== p.units)
      throw new ShapeError(
        `${kind}'s input ${i + 2} is its ${names[i]} and must be [${p.units}] (units), but it is [${fmt(s)}]`,
      )
  })
  const width = p.bidirectional === 'concat' ? 2 * p.units : p.units
  return p.returnSequences ? [x[0], width] : [width]
}

/** PyTorch's count: per direction G·(F·H + H·H + 2H), two bias vectors per gate set. */
const trainableParams = (cell: Cell, p: RecurrentParams, [x]: Shape[]) =>
  directions(p) * GATES[cell] * (x[1] * p.units + p.units * p.units + 2 * p.units)

/** PyTorch's default draws every weight uniformly from ±1/√H; other choices set the kernels only. */
function initializer(ctx: TfjsContext, units: number) {
  const bound = 1 / Math.sqrt(units)
  return (i: number, weight: string) => {
    const seed = ctx.seed + i
    if (ctx.init === 'default')
      return ctx.tf.initializers.randomUniform({ minval: -bound, maxval: bound, seed })
    return weight.includes('bias') ? ctx.tf.initializers.zeros() : kernelInit({ ...ctx, seed })
  }
}

function toTfjs(cell: Cell, p: RecurrentParams, ctx: TfjsContext) {
  const layer = new (seqLayers(ctx.tf).Recurrent)({
    ...baseArgs(ctx),
    cell,
    units: p.units,
    returnSequences: p.returnSequences,
    bidirectional: p.bidirectional,
    activation: p.activation ?? 'tanh',
    init: initializer(ctx, p.units),
  })
  return (xs: SymbolicTensor[]) => layer.apply(xs.length === 1 ? xs[0] : xs) as SymbolicTensor
}

/** A [F, G·H] tfjs kernel as ONNX's [G·H, F] with the gate blocks in ONNX's order. */
function onnxGates(w: Weight, cell: Cell): Float32Array {
  const t = w.shape.length === 2 ? permuted(w, [1, 0]).data : w.data
  const block = t.length / GATES[cell]
  const out = new Float32Array(t.length)
  ONNX_GATES[cell].forEach((src, dst) => out.set(t.subarray(src * block, (src + 1) * block), dst * block))
  return out
}

function toOnnx(cell: Cell, p: RecurrentParams, ctx: OnnxContext): string {
  const [x, h0, c0] = ctx.inputs
  const [steps, features] = ctx.inputShapes[0]
  const h = p.units
  const dirs = directions(p)
  const g = GATES[cell] * h
  const stacked = (name: string, dims: number[], pick: (d: number) => Float32Array[]) => {
    const data = new Float32Array(dims.reduce((a, b) => a * b, 1))
    let o = 0
    for (let d = 0; d < dirs; d++)
      for (const part of pick(d)) {
        data.set(part, o)
        o += part.length
      }
    return ctx.constant(name, data, dims)
  }
  const weight = (d: number, k: number) => onnxGates(ctx.weight(recurrentWeightNames(d === 1)[k]), cell)
  const W = stacked('W', [dirs, g, features], (d) => [weight(d, 0)])
  const R = stacked('R', [dirs, g, h], (d) => [weight(d, 1)])
  // ONNX's B is [Wb, Rb] per direction: PyTorch's bias_ih then bias_hh
  const B = stacked('B', [dirs, 2 * g], (d) => [weight(d, 2), weight(d, 3)])
  const state = (s: string | undefined) => {
    if (!s) return ''
    const one = ctx.op('Unsqueeze', [s, ctx.constant('state_axis', [0], [1], 'int64')])
    return dirs === 2 ? ctx.op('Concat', [one, one], { axis: 0 }) : one
  }
  const inputs = [ctx.transpose(x, [1, 0, 2]), W, R, B, '', state(h0)]
  if (cell === 'lstm') inputs.push(state(c0))
  while (inputs.at(-1) === '') inputs.pop()
  const attrs: Record<string, number | string | { strings: string[] }> = {
    hidden_size: h,
    direction: dirs === 2 ? 'bidirectional' : 'forward',
  }
  if (cell === 'gru') attrs.linear_before_reset = 1
  if (cell === 'rnn' && p.activation === 'relu') attrs.activations = { strings: Array(dirs).fill('Relu') }
  const [y, yh] = ctx.opOutputs(ONNX_OP[cell], inputs, 2, attrs)
  const sumAxis = (t: string, axis: number) =>
    ctx.op('ReduceSum', [t, ctx.constant('sum_axis', [axis], [1], 'int64')], { keepdims: 0 })
  const reshape = (t: string, dims: number[]) =>
    ctx.op('Reshape', [t, ctx.constant('shape', dims, [dims.length], 'int64')])
  if (p.returnSequences) {
    // Y is [T, dirs, N, H]; the engine's [N, T, dirs·H] puts the forward half first
    const ntdh = ctx.transpose(y, [2, 0, 1, 3])
    return p.bidirectional === 'sum' ? sumAxis(ntdh, 2) : reshape(ntdh, [-1, steps, dirs * h])
  }
  // Y_h is [dirs, N, H]: each direction's final state, the backward one after reading step 0
  if (p.bidirectional === 'sum') return sumAxis(yh, 0)
  return reshape(ctx.transpose(yh, [1, 0, 2]), [-1, dirs * h])
}

function toPytorch(cell: Cell, p: RecurrentParams, io: PytorchIO): PytorchCode {
  const dirs = directions(p)
  const [x, h0, c0] = io.args
  const features = io.in[0][1]
  const module = call(TORCH[cell], [features, p.units], {
    nonlinearity: cell === 'rnn' && p.activation === 'relu' ? pyStr('relu') : undefined,
    batch_first: 'True',
    bidirectional: dirs === 2 ? 'True' : undefined,
  })
  // PyTorch wants states as [layers·directions, N, H]; both directions start from the same one
  const state = (s: string) => `${s}.unsqueeze(0)${dirs === 2 ? '.repeat(2, 1, 1)' : ''}`
  let args = x
  if (h0 && cell === 'lstm') {
    const hs = state(h0)
    args += `, (${hs}, ${c0 ? state(c0) : `torch.zeros_like(${hs})`})`
  } else if (h0) args += `, ${state(h0)}`
  const run = `${io.self}(${args})`
  let forward: string
  if (p.returnSequences) {
    forward = `${run}[0]`
    if (p.bidirectional === 'sum') forward += `.unflatten(-1, (2, ${p.units})).sum(-2)`
  } else {
    const hn = cell === 'lstm' ? `${run}[1][0]` : `${run}[1]`
    forward =
      dirs === 1
        ? `${hn}[0]`
        : p.bidirectional === 'sum'
          ? `${hn}.sum(0)`
          : `${hn}.transpose(0, 1).flatten(1)`
  }
  const torchNames = ['weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0']
  const weights = Array.from({ length: dirs }, (_, d) =>
    recurrentWeightNames(d === 1).map((tfjs, k) => ({
      tfjs,
      torch: torchNames[k] + (d === 1 ? '_reverse' : ''),
      ...(k < 2 ? { perm: [1, 0] } : {}),
    })),
  ).flat()
  return { module, forward, weights }
}

const macs = (cell: Cell, p: RecurrentParams, [x]: Shape[]) =>
  directions(p) * x[0] * GATES[cell] * (x[1] * p.units + p.units * p.units)

function recurrentDef<C extends Cell>(cell: C, doc: LayerDoc, maxInputs: number) {
  return {
    kind: NAMES[cell],
    category: 'recurrent' as const,
    doc,
    inputs: [1, maxInputs] as const,
    outputShape: (p: RecurrentParams, xs: Shape[]) => outputShape(cell, p, xs),
    trainableParams: (p: RecurrentParams, xs: Shape[]) => trainableParams(cell, p, xs),
    macs: (p: RecurrentParams, xs: Shape[]) => macs(cell, p, xs),
    toTfjs: (p: RecurrentParams, ctx: TfjsContext) => toTfjs(cell, p, ctx),
    toOnnx: (p: RecurrentParams, ctx: OnnxContext) => toOnnx(cell, p, ctx),
    toPytorch: (p: RecurrentParams, io: PytorchIO) => toPytorch(cell, p, io),
    fromOnnx: { ops: [ONNX_OP[cell]], recognise: (ctx: OnnxImportContext) => recurrentFromOnnx(cell, ctx) },
  }
}

const SHAPES_EN =
  'The input is a sequence [T, F]. With returnSequences the output is [T, H] (every step), otherwise [H] (the final state); bidirectional "concat" doubles H, "sum" keeps it.'
const SHAPES_ZH =
  '输入是序列 [T, F]。returnSequences 为真时输出每个时间步 [T, H]，否则只输出最终状态 [H]；双向 "concat" 使宽度变为 2H，"sum" 保持 H。'

export const simpleRnn = defineLayer({
  ...recurrentDef(
    'rnn',
    {
      formula: String.raw`h_t = \tanh(W_{ih} x_t + b_{ih} + W_{hh} h_{t-1} + b_{hh})`,
      en: `A plain recurrent layer: each step mixes the current input with the previous hidden state through one weight matrix each and a nonlinearity (tanh or ReLU). ${SHAPES_EN} Long sequences make its gradients vanish or explode, which GRU and LSTM were designed to fix.`,
      zh: `最简单的循环层：每个时间步把当前输入和上一步隐状态分别乘以权重矩阵后相加，再经过非线性函数（tanh 或 ReLU）。${SHAPES_ZH}序列很长时梯度容易消失或爆炸，GRU 和 LSTM 正是为此设计的。`,
    },
    2,
  ),
  params: { ...common, activation: choice(['tanh', 'relu'] as const, 'tanh') },
})

export const gru = defineLayer({
  ...recurrentDef(
    'gru',
    {
      formula: String.raw`\begin{aligned}r_t &= \sigma(W_{ir}x_t + b_{ir} + W_{hr}h_{t-1} + b_{hr})\\ z_t &= \sigma(W_{iz}x_t + b_{iz} + W_{hz}h_{t-1} + b_{hz})\\ n_t &= \tanh(W_{in}x_t + b_{in} + r_t \odot (W_{hn}h_{t-1} + b_{hn}))\\ h_t &= (1 - z_t)\odot n_t + z_t \odot h_{t-1}\end{aligned}`,
      en: `A gated recurrent unit: the reset gate r decides how much of the old state feeds the candidate n, and the update gate z blends the candidate with the old state, so useful information can survive many steps. ${SHAPES_EN} An optional second input [H] is the initial state, e.g. an encoder's final state.`,
      zh: `门控循环单元：重置门 r 决定旧状态有多少参与候选状态 n 的计算，更新门 z 在候选状态与旧状态之间插值，使有用的信息能跨越许多步保留下来。${SHAPES_ZH}可选的第二个输入 [H] 是初始状态，例如编码器的最终状态。`,
    },
    2,
  ),
  params: common,
})

export const lstm = defineLayer({
  ...recurrentDef(
    'lstm',
    {
      formula: String.raw`\begin{aligned}i_t, f_t, o_t &= \sigma(\cdot),\quad g_t = \tanh(W_{ig}x_t + b_{ig} + W_{hg}h_{t-1} + b_{hg})\\ c_t &= f_t \odot c_{t-1} + i_t \odot g_t\\ h_t &= o_t \odot \tanh(c_t)\end{aligned}`,
      en: `Long short-term memory: a separate memory cell c is updated additively, with an input gate i, a forget gate f and an output gate o deciding what to write, keep and show. ${SHAPES_EN} Optional second and third inputs [H] are the initial hidden and cell states.`,
      zh: `长短期记忆网络：单独的记忆元 c 以相加的方式更新，输入门 i、遗忘门 f 和输出门 o 分别决定写入、保留和输出多少信息。${SHAPES_ZH}可选的第二、第三个输入 [H] 分别是初始隐状态和初始记忆元。`,
    },
    3,
  ),
  params: common,
})
