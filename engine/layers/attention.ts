/**
 * Attention layers. `Attention` scores queries [Tq, d] against keys [Tv, d] (the values
 * [Tv, d_v] unless a third input gives separate keys) and returns the softmax-weighted average
 * of the values; `MultiHeadAttention` learns query/key/value/output projections and attends in
 * several heads at once, as in the Transformer. The PyTorch export writes the computation out
 * (model.py helpers) so it reads like the course's code and handles every keyDim.
 */
import { seqLayers } from './custom-seq'
import { MASKED, MHA_PROJECTIONS, causalMask, type Score } from './attention-tf'
import { selfAttentionFromOnnx } from './attention-onnx'
import { baseArgs, kernelInit } from './init'
import { bool, choice, float, int } from './params'
import { ShapeError, defineLayer, type Shape, type SymbolicTensor, type TfjsContext } from './types'
import { expectRank, fmt } from './util'
import { call, pyFloat } from '../export/pytorch/syntax'
import type { OnnxContext } from '../export/onnx/types'

const SCORES = ['dot', 'scaled-dot', 'additive'] as const satisfies readonly Score[]

const sequence = (kind: string, x: Shape, what: string) =>
  expectRank(kind, x, 2, `${what} [time steps, features]`)

const seeded = (ctx: TfjsContext) => (i: number) => kernelInit({ ...ctx, seed: ctx.seed + i })

const apply = (layer: { apply(x: SymbolicTensor | SymbolicTensor[]): unknown }) => (xs: SymbolicTensor[]) =>
  layer.apply(xs.length === 1 ? xs[0] : xs) as SymbolicTensor

/** ONNX: the masks (causal, padding) added to `scores` [..., Tq, Tv] and the softmax over keys. */
function maskedSoftmax(ctx: OnnxContext, scores: string, tq: number, tv: number, causal: boolean): string {
  let s = scores
  if (causal) s = ctx.op('Add', [s, ctx.constant('causal_mask', causalMask(tq, tv), [tq, tv])])
  return ctx.op('Softmax', [s], { axis: -1 })
}

const reshape = (ctx: OnnxContext, x: string, dims: number[]) =>
  ctx.op('Reshape', [x, ctx.constant('shape', dims, [dims.length], 'int64')])

export const attention = defineLayer({
  kind: 'Attention',
  category: 'attention',
  doc: {
    formula: String.raw`\mathrm{Attention}(Q, K, V) = \mathrm{softmax}\!\left(a(Q, K)\right) V,\quad a = QK^\top,\ \tfrac{QK^\top}{\sqrt d},\ \text{or}\ w^\top \tanh(W_q q + W_k k)`,
    en: 'Each query position looks at all key positions, turns their similarity scores into weights that sum to 1 and returns the weighted average of the values. Inputs are queries [Tq, d] and values [Tv, dv], plus optional keys [Tv, d] (otherwise the values serve as keys); the output is [Tq, dv]. "dot" and "scaled-dot" have no parameters, "additive" scores with a small learned network of units hidden features; causal stops a query from seeing later positions.',
    zh: '每个查询位置观察所有键的位置，把相似度分数经 softmax 变成和为 1 的权重，再对值求加权平均。输入是查询 [Tq, d] 和值 [Tv, dv]，可选第三个输入为键 [Tv, d]（否则值兼作键）；输出为 [Tq, dv]。"dot" 与 "scaled-dot" 没有参数，"additive" 用一个含 units 个隐藏单元的小网络打分；causal 使查询看不到之后的位置。',
  },
  inputs: [2, 3],
  params: {
    score: choice(SCORES, 'scaled-dot'),
    /** Query i only attends to keys 0…i (a decoder must not see the future). */
    causal: bool(false),
    /** Hidden size of the additive score network; unused by the dot scores. */
    units: int({ min: 1, default: 32 }),
  },
  outputShape: (p, [q, v, k = v]) => {
    sequence('Attention', q, 'queries (input 1) as a sequence')
    sequence('Attention', v, 'values (input 2) as a sequence')
    sequence('Attention', k, 'keys (input 3) as a sequence')
    if (k[0] !== v[0])
      throw new ShapeError(
        `Attention needs one key per value, but keys are [${fmt(k)}] and values [${fmt(v)}]`,
      )
    if (p.score !== 'additive' && q[1] !== k[1])
      throw new ShapeError(
        `Attention's ${p.score} score needs queries and keys of the same width, but got [${fmt(q)}] and [${fmt(k)}] (use the additive score, or a Dense in front)`,
      )
    return [q[0], v[1]]
  },
  trainableParams: (p, [q, v, k = v]) => (p.score === 'additive' ? (q[1] + k[1] + 1) * p.units : 0),
  macs: (p, [q, v, k = v]) => {
    const pairs = q[0] * k[0]
    return (
      pairs * (q[1] + v[1]) + (p.score === 'additive' ? (q[0] * q[1] + k[0] * k[1] + pairs) * p.units : 0)
    )
  },
  toTfjs: (p, ctx) =>
    apply(
      new (seqLayers(ctx.tf).Attention)({
        ...baseArgs(ctx),
        score: p.score,
        causal: p.causal,
        units: p.units,
        init: seeded(ctx),
      }),
    ),
  toOnnx: (p, ctx) => {
    const [q, v, k = v] = ctx.inputs
    const [tq, d] = ctx.inputShapes[0]
    const tv = ctx.inputShapes[1][0]
    let scores: string
    if (p.score === 'additive') {
      const w = (name: string) => {
        const t = ctx.weight(name)
        return ctx.constant(name, t.data, t.shape)
      }
      const axis = (i: number) => ctx.constant('axis', [i], [1], 'int64')
      const qh = ctx.op('Unsqueeze', [ctx.op('MatMul', [q, w('query_kernel')]), axis(2)])
      const kh = ctx.op('Unsqueeze', [ctx.op('MatMul', [k, w('key_kernel')]), axis(1)])
      const hidden = ctx.op('Tanh', [ctx.op('Add', [qh, kh])])
      scores = reshape(ctx, ctx.op('MatMul', [hidden, w('score_kernel')]), [-1, tq, tv])
    } else {
      scores = ctx.op('MatMul', [q, ctx.transpose(k, [0, 2, 1])])
      if (p.score === 'scaled-dot')
        scores = ctx.op('Div', [scores, ctx.constant('scale', [Math.sqrt(d)], [])])
    }
    return ctx.op('MatMul', [maskedSoftmax(ctx, scores, tq, tv, p.causal), v])
  },
  toPytorch: (p, io) => {
    const [q, v, k = v] = io.args
    const causal = p.causal ? 'True' : 'False'
    if (p.score !== 'additive') {
      const scale = p.score === 'scaled-dot' ? pyFloat(Math.sqrt(io.in[0][1])) : '1.0'
      return {
        forward: `dot_attention(${q}, ${k}, ${v}, ${scale}, ${causal})`,
        helpers: ['causal_mask', 'dot_attention'],
      }
    }
    const dk = (io.in[2] ?? io.in[1])[1]
    const linear = (i: number) => call('nn.Linear', [i, p.units], { bias: 'False' })
    return {
      module: `nn.ModuleDict(dict(query=${linear(io.in[0][1])}, key=${linear(dk)}, score=${call('nn.Linear', [p.units, 1], { bias: 'False' })}))`,
      forward: `additive_attention(${io.self}, ${q}, ${k}, ${v}, ${causal})`,
      helpers: ['causal_mask', 'additive_attention'],
      weights: [
        { tfjs: 'query_kernel', torch: 'query.weight', perm: [1, 0] },
        { tfjs: 'key_kernel', torch: 'key.weight', perm: [1, 0] },
        { tfjs: 'score_kernel', torch: 'score.weight', perm: [1, 0] },
      ],
    }
  },
})

interface MhaShapes {
  q: Shape
  kv: Shape
  ids: Shape | null
  keyDim: number
}

/** Which input is which (see the layer's doc) and the per-head size, or a ShapeError. */
function mhaShapes(p: { heads: number; keyDim: number; padId: number }, xs: Shape[]): MhaShapes {
  const kind = 'MultiHeadAttention'
  const masked = p.padId >= 0
  if (masked && xs.length === 1)
    throw new ShapeError(
      `${kind} has padId ${p.padId}, so its last input must be the token ids [T] of the keys; connect them (or set padId to -1)`,
    )
  if (!masked && xs.length === 3)
    throw new ShapeError(
      `${kind} takes a third input only as padding-mask token ids, which needs padId ≥ 0 (it is -1)`,
    )
  const ids = masked ? xs.at(-1)! : null
  const [q, kv = q] = masked ? xs.slice(0, -1) : xs
  sequence(kind, q, 'queries (input 1) as a sequence')
  sequence(kind, kv, 'keys/values (input 2) as a sequence')
  if (ids && (ids.length !== 1 || ids[0] !== kv[0]))
    throw new ShapeError(
      `${kind}'s last input must be the keys' token ids [${kv[0]}] (one per key position) for the padding mask, but it is [${fmt(ids)}]`,
    )
  if (!p.keyDim && q[1] % p.heads !== 0)
    throw new ShapeError(
      `${kind} splits the query width ${q[1]} into ${p.heads} heads, which does not divide evenly; set keyDim (features per head) or change heads`,
    )
  return { q, kv, ids, keyDim: p.keyDim || q[1] / p.heads }
}

export const multiHeadAttention = defineLayer({
  kind: 'MultiHeadAttention',
  category: 'attention',
  doc: {
    formula: String.raw`\mathrm{head}_i = \mathrm{softmax}\!\left(\frac{(XW^Q_i)(ZW^K_i)^\top}{\sqrt{d_k}} + M\right) ZW^V_i,\quad Y = [\mathrm{head}_1, \dots, \mathrm{head}_h]\,W^O`,
    en: 'Projects the queries X [Tq, d] and the keys/values Z [Tv, dz] (Z = X for self-attention) into heads subspaces of keyDim features each, runs scaled dot-product attention in every head and projects the joined heads back to d, so the output is [Tq, d]. keyDim defaults to d / heads; causal masks later positions, and with padId ≥ 0 a last input of token ids [Tv] masks the padding keys. Parameters: four projections with biases, as nn.MultiheadAttention has.',
    zh: '把查询 X [Tq, d] 和键/值 Z [Tv, dz]（自注意力时 Z = X）投影到 heads 个子空间（每个 keyDim 维），在每个头中做缩放点积注意力，再把各头拼接后投影回 d 维，输出为 [Tq, d]。keyDim 默认为 d / heads；causal 屏蔽之后的位置，padId ≥ 0 时最后一个输入为词元编号 [Tv]，用于屏蔽填充的键。参数为带偏置的四个投影，与 nn.MultiheadAttention 相同。',
  },
  inputs: [1, 3],
  params: {
    heads: int({ min: 1, default: 4 }),
    /** Features per head for queries, keys and values; 0 means d_model / heads. */
    keyDim: int({ min: 0, default: 0 }),
    causal: bool(false),
    /** Dropout on the attention weights while training (PyTorch's `dropout`). */
    dropout: float({ min: 0, max: 0.99, default: 0 }),
    /** Token id of padding; keys with this id are masked. -1: no padding mask (and no ids input). */
    padId: int({ min: -1, default: -1 }),
  },
  outputShape: (p, xs) => {
    const { q } = mhaShapes(p, xs)
    return [...q]
  },
  trainableParams: (p, xs) => {
    const { q, kv, keyDim } = mhaShapes(p, xs)
    const inner = p.heads * keyDim
    return (q[1] + 2 * kv[1]) * inner + 3 * inner + inner * q[1] + q[1]
  },
  macs: (p, xs) => {
    const { q, kv, keyDim } = mhaShapes(p, xs)
    const inner = p.heads * keyDim
    return q[0] * q[1] * inner * 2 + kv[0] * kv[1] * inner * 2 + 2 * q[0] * kv[0] * inner
  },
  toTfjs: (p, ctx) => {
    const heads = p.heads
    let layer: InstanceType<ReturnType<typeof seqLayers>['MultiHeadAttention']> | null = null
    // keyDim depends on the query width, known only once the inputs arrive
    return (xs) => {
      const d = xs[0].shape[2]!
      layer ??= new (seqLayers(ctx.tf).MultiHeadAttention)({
        ...baseArgs(ctx),
        heads,
        keyDim: p.keyDim || d / heads,
        causal: p.causal,
        dropout: p.dropout,
        padId: p.padId,
        kernelInit: seeded(ctx),
        seed: ctx.seed,
      })
      return apply(layer)(xs)
    }
  },
  toOnnx: (p, ctx) => {
    const { q: qs, kv: kvs, keyDim } = mhaShapes(p, ctx.inputShapes)
    const masked = p.padId >= 0
    const ids = masked ? ctx.inputs.at(-1)! : null
    const [q, kv = q] = masked ? ctx.inputs.slice(0, -1) : ctx.inputs
    const [tq, tv] = [qs[0], kvs[0]]
    const inner = p.heads * keyDim
    const project = (x: string, which: string) => {
      const k = ctx.weight(`${which}_kernel`)
      const b = ctx.weight(`${which}_bias`)
      const y = ctx.op('MatMul', [x, ctx.constant(`${which}.weight`, k.data, k.shape)])
      return ctx.op('Add', [y, ctx.constant(`${which}.bias`, b.data, b.shape)])
    }
    const heads = (x: string) => reshape(ctx, x, [0, 0, p.heads, keyDim])
    const Q = ctx.transpose(heads(project(q, 'query')), [0, 2, 1, 3])
    const K = ctx.transpose(heads(project(kv, 'key')), [0, 2, 3, 1])
    const V = ctx.transpose(heads(project(kv, 'value')), [0, 2, 1, 3])
    let scores = ctx.op('Div', [ctx.op('MatMul', [Q, K]), ctx.constant('scale', [Math.sqrt(keyDim)], [])])
    if (ids) {
      const f = ctx.op('Cast', [ids], { to: 1 })
      const pad = ctx.op('Cast', [ctx.op('Equal', [f, ctx.constant('pad_id', [p.padId], [])])], { to: 1 })
      const mask = ctx.op('Mul', [pad, ctx.constant('masked', [MASKED], [])])
      scores = ctx.op('Add', [scores, reshape(ctx, mask, [-1, 1, 1, tv])])
    }
    const weights = maskedSoftmax(ctx, scores, tq, tv, p.causal)
    const merged = reshape(ctx, ctx.transpose(ctx.op('MatMul', [weights, V]), [0, 2, 1, 3]), [0, 0, inner])
    return project(merged, 'output')
  },
  fromOnnx: { ops: ['Transpose'], recognise: selfAttentionFromOnnx },
  toPytorch: (p, io) => {
    const { q: qs, kv: kvs, keyDim } = mhaShapes(p, io.in)
    const masked = p.padId >= 0
    const ids = masked ? io.args.at(-1)! : 'None'
    const [q, kv = q] = masked ? io.args.slice(0, -1) : io.args
    const inner = p.heads * keyDim
    const linear = (a: number, b: number) => call('nn.Linear', [a, b])
    const parts = [
      `query=${linear(qs[1], inner)}`,
      `key=${linear(kvs[1], inner)}`,
      `value=${linear(kvs[1], inner)}`,
      `output=${linear(inner, qs[1])}`,
      ...(p.dropout > 0 ? [`dropout=${call('nn.Dropout', [pyFloat(p.dropout)])}`] : []),
    ]
    const kw = [
      `causal=${p.causal ? 'True' : 'False'}`,
      ...(masked ? [`ids=${ids}`, `pad_id=${p.padId}`] : []),
    ]
    return {
      module: `nn.ModuleDict(dict(${parts.join(', ')}))`,
      forward: `multi_head_attention(${io.self}, ${q}, ${kv}, ${p.heads}, ${kw.join(', ')})`,
      helpers: ['causal_mask', 'multi_head_attention'],
      weights: MHA_PROJECTIONS.flatMap((w) => [
        { tfjs: `${w}_kernel`, torch: `${w}.weight`, perm: [1, 0] },
        { tfjs: `${w}_bias`, torch: `${w}.bias` },
      ]),
    }
  },
})
