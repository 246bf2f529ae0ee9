/**
 * The subgraph torch.onnx.export writes for a batch_first nn.MultiheadAttention used as
 * self-attention (as nn.TransformerEncoderLayer does), fused back to one MultiHeadAttention:
 * every node under the module path '…/self_attn/' from the Transpose to time-major up to the
 * Transpose back. The weights come from the in-projection MatMul (q, k, v side by side), its
 * bias, and the out-projection Gemm; the head count from the 1/√keyDim scaling constant.
 */
import type { OnnxNode } from '../import/onnx/read'
import type { ConstantTensor, OnnxImportContext, Recognised } from '../import/onnx/types'
import { permuted } from '../export/onnx/layout'
import type { Weight } from '../export/onnx/types'

const scopeOf = (name: string) => name.slice(0, name.lastIndexOf('/') + 1)

/** Columns [from, from + n) of a row-major [rows, cols] matrix. */
function columns(t: ConstantTensor, from: number, n: number): Float32Array {
  const [rows, cols] = t.dims
  const out = new Float32Array(rows * n)
  for (let r = 0; r < rows; r++) out.set(t.data.subarray(r * cols + from, r * cols + from + n), r * n)
  return out
}

export function selfAttentionFromOnnx(ctx: OnnxImportContext): Recognised | null {
  const { node } = ctx
  const scope = scopeOf(node.name)
  if (!scope.endsWith('self_attn/') || node.attrs.get('perm')?.value?.toString() !== '1,0,2') return null
  const x = ctx.input(0)
  if (x.layout !== 'cl' || x.shape.length !== 2) return null
  const [, e] = x.shape
  // every node of the module reachable from its first Transpose
  const inside = new Set<OnnxNode>()
  const exits: OnnxNode[] = []
  const stack = [node]
  while (stack.length) {
    const n = stack.pop()!
    for (const out of n.outputs)
      for (const r of ctx.readersOf(out)) {
        if (r.name.startsWith(scope)) {
          if (!inside.has(r)) {
            inside.add(r)
            stack.push(r)
          }
        } else if (!exits.includes(n)) exits.push(n)
      }
  }
  const last = exits.length === 1 ? exits[0] : null
  if (!last || last.op !== 'Transpose' || last.attrs.get('perm')?.value?.toString() !== '1,0,2')
    return ctx.fail('this nn.MultiheadAttention export does not end in one Transpose back to batch-first')
  const constantOf = (n: OnnxNode) =>
    n.inputs.map((i) => ctx.constantByName(i)).find((c): c is ConstantTensor => c !== null) ?? null
  const find = (op: string, ok: (c: ConstantTensor) => boolean) =>
    [...inside].map((n) => (n.op === op ? constantOf(n) : null)).find((c) => c !== null && ok(c)) ?? null
  const inW = find('MatMul', (c) => c.dims.join() === `${e},${3 * e}`)
  const inB = find('Add', (c) => c.dims.join() === String(3 * e))
  const gemm = [...inside].find((n) => n.op === 'Gemm')
  const outW = gemm && ctx.constantByName(gemm.inputs[1])
  const outB = gemm && ctx.constantByName(gemm.inputs[2] ?? '')
  const scale = find('Div', (c) => c.data.length === 1 && c.data[0] > 1)
  if (!inW || !inB || !outW || !outB || !scale || gemm.attrs.get('transB')?.value !== 1)
    return ctx.fail(
      'this self-attention subgraph lacks the packed q/k/v projection, its bias, the output projection or the 1/√d scaling PyTorch writes',
    )
  const keyDim = Math.round(scale.data[0] ** 2)
  if (!keyDim || e % keyDim) return ctx.fail(`its scaling ${scale.data[0]} is not √(features per head)`)
  const weights: Record<string, Weight> = {}
  ;['query', 'key', 'value'].forEach((w, i) => {
    weights[`${w}_kernel`] = { data: columns(inW, i * e, e), shape: [e, e] }
    weights[`${w}_bias`] = { data: inB.data.slice(i * e, (i + 1) * e), shape: [e] }
  })
  weights.output_kernel = permuted({ data: outW.data, shape: outW.dims }, [1, 0])
  weights.output_bias = { data: outB.data.slice(), shape: [e] }
  const fused = [...inside].filter((n) => n !== last)
  return { params: { heads: e / keyDim }, weights, fused: [...fused, last], layout: 'cl' }
}
