/**
 * Shape arithmetic folded to constants, as PyTorch's `x.view(x.size(0), -1)` exports it:
 * Shape → Gather (or Slice) → Unsqueeze → Concat → Reshape. Per-sample sizes are static, so every step is
 * known at import time; the batch size is not, and stands as -1, which Reshape reads as "the
 * batch" in its first place. Returns false for nodes that are not integer shape arithmetic.
 */
import type { OnnxNode } from './read'
import { tensorFloats } from './tensor-data'
import type { ImportState } from './state'
import type { ImportValue } from './types'

/** The ONNX dims of an imported value, batch first as -1. */
function onnxDims(v: ImportValue): number[] {
  if (v.layout === 'cf') return [-1, v.shape[2], v.shape[0], v.shape[1]]
  if (v.layout === 'gap') return [-1, v.shape[0], 1, 1]
  return [-1, ...v.shape]
}

export function foldShapeOp(st: ImportState, node: OnnxNode): boolean {
  const ints = (i: number) => (node.inputs[i] ? st.ints(node.inputs[i]) : null)
  const out = (values: number[]) => {
    st.constants.set(node.outputs[0], { ints: values })
    return true
  }
  switch (node.op) {
    case 'Shape': {
      const v = st.values.get(node.inputs[0])
      if (!v) return false
      const dims = onnxDims(v)
      const at = (name: string, fallback: number) => {
        const a = node.attrs.get(name)
        const i = a?.type === 'int' ? a.value : fallback
        return i < 0 ? dims.length + i : Math.min(i, dims.length)
      }
      return out(dims.slice(at('start', 0), at('end', dims.length)))
    }
    case 'Gather': {
      const [data, index] = [ints(0), ints(1)]
      if (!data || !index) return false
      const picked = index.map((i) => data[i < 0 ? data.length + i : i])
      return picked.every((x) => x !== undefined) && out(picked)
    }
    case 'Slice': {
      // a stacked nn.LSTM/nn.GRU slices each layer's initial state out of one zero tensor
      if (st.zeros.has(node.inputs[0])) {
        st.zeros.add(node.outputs[0])
        return out([])
      }
      // x.shape[1:3]: a run of a 1-D shape, ONNX's clamping rules
      const [data, starts, ends] = [ints(0), ints(1), ints(2)]
      const axes = ints(3) ?? [0]
      const step = ints(4)?.[0] ?? 1
      if (!data || !starts || !ends || starts.length !== 1 || axes.length !== 1) return false
      if ((axes[0] !== 0 && axes[0] !== -1) || step === 0) return false
      const d = data.length
      const at = (v: number, lo: number, hi: number) => Math.min(Math.max(v < 0 ? v + d : v, lo), hi)
      const [from, to] =
        step > 0
          ? [at(starts[0], 0, d), at(ends[0], 0, d)]
          : [at(starts[0], 0, d - 1), at(ends[0], -1, d - 1)]
      const picked: number[] = []
      for (let i = from; step > 0 ? i < to : i > to; i += step) picked.push(data[i])
      return out(picked)
    }
    case 'Add':
    case 'Sub':
    case 'Mul':
    case 'Div': {
      // x.size(1) * x.size(2): sizes only; the batch stands as -1 and must not enter arithmetic
      const [a, b] = [ints(0), ints(1)]
      if (
        !a ||
        !b ||
        [...a, ...b].some((v) => v < 0) ||
        (a.length !== b.length && a.length !== 1 && b.length !== 1)
      )
        return false
      const at = (v: number[], i: number) => v[v.length === 1 ? 0 : i]
      const f = {
        Add: (p: number, q: number) => p + q,
        Sub: (p: number, q: number) => p - q,
        Mul: (p: number, q: number) => p * q,
        Div: (p: number, q: number) => (q === 0 ? NaN : Math.trunc(p / q)),
      }[node.op]
      const r = Array.from({ length: Math.max(a.length, b.length) }, (_, i) => f(at(a, i), at(b, i)))
      return r.every(Number.isFinite) && out(r)
    }
    case 'Cast': {
      const data = ints(0)
      return data !== null && out(data)
    }
    case 'Unsqueeze':
    case 'Squeeze': {
      const data = ints(0)
      return data !== null && out(data)
    }
    case 'Concat': {
      const parts = node.inputs.map((_, i) => ints(i))
      return parts.every((p) => p !== null) && out(parts.flat() as number[])
    }
    case 'ConstantOfShape': {
      // nn.LSTM/nn.GRU start from zeros shaped [directions, batch, hidden]: known only as zeros
      const value = node.attrs.get('value')
      const zero =
        !value ||
        (value.type === 'tensor' &&
          value.value.dataType === 1 &&
          tensorFloats(value.value, null).every((v) => v === 0))
      if (!zero || !ints(0)) return false
      st.zeros.add(node.outputs[0])
      return out([])
    }
    default:
      return false
  }
}
