/**
 * ONNX's RNN / GRU / LSTM operators back to the engine's recurrent layers, as torch.onnx.export
 * writes a batch_first nn.LSTM/GRU/RNN: Transpose to time-major → the operator (zero initial
 * state) → Squeeze of the direction axis (bidirectional: Transpose + Reshape joining the two) →
 * Transpose back (every step) or the next layer of a stacked module (num_layers > 1, one operator
 * per layer, each becoming one engine layer), or Squeeze of Y_h (the final state only). Weights
 * go from ONNX's gate order to PyTorch's, which the engine keeps; a bidirectional layer's
 * reversed pass takes the `_reverse` weights.
 */
import type { OnnxNode } from '../import/onnx/read'
import type { OnnxImportContext, Recognised } from '../import/onnx/types'
import { permuted } from '../export/onnx/layout'
import type { Weight } from '../export/onnx/types'
import { GATES, recurrentWeightNames, type Cell } from './recurrent-tf'
import { ONNX_GATES } from './recurrent-gates'

/** `rows` stacked gate blocks of ONNX as a tfjs [cols, G·H] kernel (or a [G·H] bias) in PyTorch's order. */
function engineGates(data: Float32Array, cell: Cell, cols: number): Float32Array {
  const block = data.length / GATES[cell]
  const torch = new Float32Array(data.length)
  ONNX_GATES[cell].forEach((src, dst) =>
    torch.set(data.subarray(dst * block, (dst + 1) * block), src * block),
  )
  return cols === 1 ? torch : permuted({ data: torch, shape: [torch.length / cols, cols] }, [1, 0]).data
}

/** `n` when it drops axis `axis` of size 1: Squeeze, or Gather of index 0 (PyTorch's `h[0]`). */
function squeezeOf(ctx: OnnxImportContext, n: OnnxNode | undefined, axis: number): OnnxNode | null {
  if (n?.op === 'Squeeze') return ctx.intsByName(n.inputs[1] ?? '')?.join() === String(axis) ? n : null
  const at = n?.attrs.get('axis')?.value ?? 0
  if (n?.op === 'Gather' && at === axis && ctx.intsByName(n.inputs[1])?.join() === '0') return n
  return null
}

/** True when `n` is the next layer of a stacked nn.LSTM/GRU/RNN, reading `name` as its sequence. */
const isRecurrent = (n: OnnxNode, name: string) =>
  ['LSTM', 'GRU', 'RNN'].includes(n.op) && n.inputs[0] === name

/**
 * The nodes after Y that give PyTorch's time-major [T, N, dirs·H] (Squeeze of the direction axis,
 * or Transpose + Reshape to [0, 0, -1] when there are two), then either a Transpose back to
 * batch-first (the module's output) or the next stacked layer. Null when Y is read otherwise.
 */
function sequenceReaders(ctx: OnnxImportContext, y: OnnxNode[], dirs: number): OnnxNode[] | null {
  const only = (name: string) => {
    const r = ctx.readersOf(name)
    return r.length === 1 ? r[0] : null
  }
  if (y.length !== 1) return null
  let merged: OnnxNode[]
  if (dirs === 1) {
    const sq = squeezeOf(ctx, y[0], 1)
    if (!sq) return null
    merged = [sq]
  } else {
    const t = y[0]
    const r =
      t.op === 'Transpose' && t.attrs.get('perm')?.value?.toString() === '0,2,1,3' ? only(t.outputs[0]) : null
    if (r?.op !== 'Reshape' || ctx.intsByName(r.inputs[1] ?? '')?.join() !== '0,0,-1') return null
    merged = [t, r]
  }
  const seq = merged.at(-1)!.outputs[0]
  const next = ctx.readersOf(seq)
  if (next.length && next.every((n) => isRecurrent(n, seq))) return merged
  const back = only(seq)
  if (back?.op === 'Transpose' && back.attrs.get('perm')?.value?.toString() === '1,0,2')
    return [...merged, back]
  return null
}

export function recurrentFromOnnx(cell: Cell, ctx: OnnxImportContext): Recognised {
  const { node } = ctx
  const x = ctx.input(0)
  if (x.layout !== 'cl' || x.shape.length !== 2)
    ctx.fail('its input is not a sequence [time steps, features] in batch-first order')
  const direction = ctx.string('direction', 'forward')
  if (direction !== 'forward' && direction !== 'bidirectional')
    ctx.fail(`direction '${direction}' (the reversed sequence alone) has no engine layer`)
  const dirs = direction === 'bidirectional' ? 2 : 1
  if (ctx.int('layout', 0) !== 0) ctx.fail('only the time-major layout=0 that PyTorch writes imports')
  if (node.attrs.has('activations') || node.attrs.has('clip') || ctx.int('input_forget', 0) !== 0)
    ctx.fail('custom activations, clip or input_forget have no engine layer')
  if (cell === 'gru' && ctx.int('linear_before_reset', 0) !== 1)
    ctx.fail(
      "linear_before_reset=0 (the reset gate applied before the recurrent matrix) differs from PyTorch's GRU, which the engine implements",
    )
  if (node.inputs[4]) ctx.fail('per-sample sequence lengths (sequence_lens) are not supported')
  for (const i of [5, 6])
    if (node.inputs[i] && !ctx.isZeros(i)) ctx.fail('a given initial state that is not zero is not supported')
  const h = ctx.int('hidden_size', 0)
  const W = ctx.floats(1)
  const R = ctx.floats(2)
  const B = ctx.floats(3)
  const g = GATES[cell] * h
  const f = x.shape[1]
  if (!W || !R || W.dims.join() !== `${dirs},${g},${f}` || R.dims.join() !== `${dirs},${g},${h}`)
    ctx.fail(`its weights W and R must be constants [${dirs}, ${g}, ${f}] and [${dirs}, ${g}, ${h}]`)
  if (B && B.dims.join() !== `${dirs},${2 * g}`) ctx.fail(`its bias B must be [${dirs}, ${2 * g}]`)
  const bias = B?.data ?? new Float32Array(dirs * 2 * g)
  const weights: Record<string, Weight> = {}
  // ONNX stacks the directions on axis 0: forward first, then the reversed pass
  for (let d = 0; d < dirs; d++) {
    const [kernel, recurrent, b, rb] = recurrentWeightNames(d === 1)
    weights[kernel] = {
      data: engineGates(W.data.subarray(d * g * f, (d + 1) * g * f), cell, f),
      shape: [f, g],
    }
    weights[recurrent] = {
      data: engineGates(R.data.subarray(d * g * h, (d + 1) * g * h), cell, h),
      shape: [h, g],
    }
    weights[b] = { data: engineGates(bias.subarray(2 * d * g, (2 * d + 1) * g), cell, 1), shape: [g] }
    weights[rb] = { data: engineGates(bias.subarray((2 * d + 1) * g, (2 * d + 2) * g), cell, 1), shape: [g] }
  }
  const read = (i: number) => (node.outputs[i] ? ctx.readersOf(node.outputs[i]) : [])
  const [ys, hs, cs] = [read(0), read(1), read(2)]
  if (cs.length) ctx.fail('its final cell state Y_c is used, which the engine does not output')
  // PyTorch's bidirectional output puts the forward half first: the engine's 'concat'
  const params = { units: h, bidirectional: dirs === 2 ? 'concat' : 'none' }
  if (ys.length && !hs.length) {
    const fused = sequenceReaders(ctx, ys, dirs)
    if (fused) return { params: { ...params, returnSequences: true }, weights, fused }
  }
  if (!ys.length && hs.length === 1 && dirs === 1) {
    const sq = squeezeOf(ctx, hs[0], 0)
    if (sq) return { params: { ...params, returnSequences: false }, weights, fused: [sq] }
  }
  return ctx.fail(
    dirs === 2 && hs.length
      ? "the final states of a bidirectional layer (h_n) are used; import the layer's output sequence instead"
      : 'its outputs are not read as a batch_first PyTorch module reads them (Y squeezed and transposed back or into the next layer, or Y_h squeezed)',
  )
}
