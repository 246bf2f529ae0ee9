/**
 * ONNX's RNN / GRU / LSTM operators back to the engine's recurrent layers, as torch.onnx.export
 * writes a batch_first nn.LSTM/GRU/RNN: Transpose to time-major → the operator (zero initial
 * state) → Squeeze of the direction axis → Transpose back (every step), or Squeeze of Y_h (the
 * final state only). Weights go from ONNX's gate order to PyTorch's, which the engine keeps.
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

export function recurrentFromOnnx(cell: Cell, ctx: OnnxImportContext): Recognised {
  const { node } = ctx
  const x = ctx.input(0)
  if (x.layout !== 'cl' || x.shape.length !== 2)
    ctx.fail('its input is not a sequence [time steps, features] in batch-first order')
  if (ctx.string('direction', 'forward') !== 'forward')
    ctx.fail('only one-direction (forward) recurrent operators import yet')
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
  if (!W || !R || W.dims.join() !== `1,${g},${x.shape[1]}` || R.dims.join() !== `1,${g},${h}`)
    ctx.fail(`its weights W and R must be constants [1, ${g}, features] and [1, ${g}, ${h}]`)
  if (B && B.dims.join() !== `1,${2 * g}`) ctx.fail(`its bias B must be [1, ${2 * g}]`)
  const bias = B?.data ?? new Float32Array(2 * g)
  const [kernel, recurrent, b, rb] = recurrentWeightNames(false)
  const weights: Record<string, Weight> = {
    [kernel]: { data: engineGates(W.data, cell, x.shape[1]), shape: [x.shape[1], g] },
    [recurrent]: { data: engineGates(R.data, cell, h), shape: [h, g] },
    [b]: { data: engineGates(bias.subarray(0, g), cell, 1), shape: [g] },
    [rb]: { data: engineGates(bias.subarray(g), cell, 1), shape: [g] },
  }
  const read = (i: number) => (node.outputs[i] ? ctx.readersOf(node.outputs[i]) : [])
  const [ys, hs, cs] = [read(0), read(1), read(2)]
  if (cs.length) ctx.fail('its final cell state Y_c is used, which the engine does not output')
  const params = { units: h, bidirectional: 'none' }
  if (ys.length === 1 && !hs.length) {
    const sq = squeezeOf(ctx, ys[0], 1)
    const back = sq && ctx.readersOf(sq.outputs[0])
    const t = back?.length === 1 ? back[0] : null
    if (sq && t?.op === 'Transpose' && t.attrs.get('perm')?.value?.toString() === '1,0,2')
      return { params: { ...params, returnSequences: true }, weights, fused: [sq, t] }
  }
  if (!ys.length && hs.length === 1) {
    const sq = squeezeOf(ctx, hs[0], 0)
    if (sq) return { params: { ...params, returnSequences: false }, weights, fused: [sq] }
  }
  return ctx.fail(
    'its outputs are not read as a batch_first PyTorch module reads them (Y squeezed and transposed back, or Y_h squeezed)',
  )
}
