/**
 * LayerNorm as exporters before ONNX opset 17 write it, operator by operator:
 * μ = ReduceMean(x) → d = Sub(x, μ) → Pow(d, 2) → ReduceMean → Add(ε) → Sqrt → Div(d, ·)
 * → Mul(γ) → Add(β), all over the last axis. Recognised from its first ReduceMean and fused.
 */
import type { OnnxNode } from '../import/onnx/read'
import type { OnnxImportContext, Recognised } from '../import/onnx/types'

export function decomposedLayerNorm(ctx: OnnxImportContext): Recognised | null {
  const { node } = ctx
  const x = ctx.input(0)
  const lastAxis = (n: OnnxNode) => {
    const a = ctx.intsByName(n.inputs[1] ?? '') ?? (n.attrs.get('axes')?.value as number[] | undefined)
    return a?.length === 1 && (a[0] === -1 || a[0] === x.shape.length) && n.attrs.get('keepdims')?.value !== 0
  }
  if (x.layout !== 'cl' || !lastAxis(node)) return null
  const only = (n: OnnxNode, op: string) => {
    const r = ctx.readersOf(n.outputs[0])
    return r.length === 1 && r[0].op === op ? r[0] : null
  }
  const scalar = (n: OnnxNode | null, i: number) => {
    const c = n && ctx.constantByName(n.inputs[i] ?? '')
    return c && c.data.length === 1 ? c.data[0] : null
  }
  const sub = only(node, 'Sub')
  if (!sub || sub.inputs[0] !== node.inputs[0] || sub.inputs[1] !== node.outputs[0]) return null
  const fromSub = ctx.readersOf(sub.outputs[0])
  const pow = fromSub.find((n) => n.op === 'Pow')
  const div = fromSub.find((n) => n.op === 'Div')
  if (fromSub.length !== 2 || !pow || !div || scalar(pow, 1) !== 2) return null
  const mean2 = only(pow, 'ReduceMean')
  const addEps = mean2 && lastAxis(mean2) ? only(mean2, 'Add') : null
  const eps = scalar(addEps, 1) ?? scalar(addEps, 0)
  const sqrt = addEps && only(addEps, 'Sqrt')
  if (eps === null || !sqrt || only(sqrt, 'Div') !== div || div.inputs[0] !== sub.outputs[0]) return null
  const c = x.shape.at(-1)!
  const vector = (n: OnnxNode | null) =>
    n && [0, 1].map((i) => ctx.constantByName(n.inputs[i])).find((t) => t?.data.length === c)
  const mul = only(div, 'Mul')
  const gamma = vector(mul)
  const add = gamma ? only(mul!, 'Add') : null
  const beta = vector(add)
  const fused = [sub, pow, mean2!, addEps!, sqrt, div]
  if (gamma) fused.push(mul!)
  if (beta) fused.push(add!)
  return {
    params: { eps, affine: true },
    weights: {
      gamma: { data: gamma ? gamma.data.slice() : new Float32Array(c).fill(1), shape: [c] },
      beta: { data: beta ? beta.data.slice() : new Float32Array(c), shape: [c] },
    },
    fused,
  }
}
