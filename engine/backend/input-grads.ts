/**
 * Input gradients that are partly or wholly thrown away, found on the tape of the current
 * gradient computation so that the wasm kernels compute only what is read.
 *
 * The input gradient of a network's first layer is never used: its input is data, not a
 * function of any weight. tfjs still computes it whenever that layer runs as a fused op, since a
 * fused op's custom gradient returns the gradients of all its inputs at once (the tape prunes the
 * unused one only afterwards). For LeNet that product was a quarter of all kernel time, for
 * ResNet-18's 7×7 stem about a tenth (profile: test/bench/profile.ts). During one gradient
 * computation, the weights listed here are those whose every use is such a first layer; the wasm
 * kernels that would compute only that unused product return zeros instead.
 *
 * A convolution fed by an explicit zero padding (how PyTorch-style `padding=k` is built) needs
 * its input gradient only inside the padding: the padding's gradient slices the rest away. On
 * ResNet-18's 3×3 maps that border is 16 of 25 pixels, so the weights of such convolutions are
 * marked with the interior, and Conv2DBackpropInput computes just that.
 */
import type * as tfjs from '@tensorflow/tfjs'
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm'
import { paddingsOf } from './kernels/pad'

type Tf = typeof tfjs
type TensorInfo = tfjs.TensorInfo
/** What tfjs records per op while taking gradients (not exported by tfjs-core). */
interface TapeNode {
  kernelName: string
  inputs: Record<string, tfjs.Tensor>
  outputs: tfjs.Tensor[]
}

// Ops whose custom gradient computes the input gradient eagerly; input '0' is the data, input
// '1' the weight. Other ops build their gradients lazily and the tape asks only for what it needs.
const FUSED = new Set(['fusedConv2d__op', 'fusedDepthwiseConv2d__op', 'fusedMatMul__op'])

/** Rows and columns of an NHWC input gradient that are read: [top, left] and [height, width]. */
export interface Interior {
  begin: [number, number]
  size: [number, number]
}
type Plan = 'unneeded' | Interior

const plans = new Map<object, Plan>()

/**
 * Marks the weights among `vars` that only feed fused layers whose input depends on no variable,
 * and the filters of convolutions on padded inputs.
 * Call it inside the function whose gradients are being taken, after the forward pass (it reads
 * the recording tape); `clearInputGradientPlans` ends the marking.
 */
export function planInputGradients(tf: Tf, vars: readonly tfjs.Variable[]): void {
  const tape = (tf.engine().state as { activeTape?: TapeNode[] | null }).activeTape
  if (!tape) return
  const weights = new Map<object, tfjs.Variable>(vars.map((v) => [v.dataId, v]))
  const fromVars = new Set<number>(vars.map((v) => v.id))
  // views of a tensor (reshapes, the clones tfjs saves for the backward pass) share its data,
  // and their gradients only reshape the upstream gradient: they neither use nor read it
  const isView = (node: TapeNode, t: tfjs.Tensor) => node.outputs.every((o) => o.dataId === t.dataId)
  const uses = new Map<object, number>()
  for (const node of tape) {
    const inputs = Object.values(node.inputs)
    if (inputs.some((t) => fromVars.has(t.id))) for (const o of node.outputs) fromVars.add(o.id)
    for (const t of inputs) if (!isView(node, t)) uses.set(t.dataId, (uses.get(t.dataId) ?? 0) + 1)
  }
  const found = new Map<object, Plan[]>()
  const vetoed = new Set<object>()
  for (const node of tape) {
    for (const [name, t] of Object.entries(node.inputs)) {
      if (!weights.has(t.dataId) || isView(node, t)) continue
      const data = node.inputs['0']
      const plan = FUSED.has(node.kernelName) && name === '1' && data ? planFor(node, data) : undefined
      if (plan) found.set(t.dataId, [...(found.get(t.dataId) ?? []), plan])
      else vetoed.add(t.dataId)
    }
  }
  function planFor(node: TapeNode, data: tfjs.Tensor): Plan | undefined {
    if (!fromVars.has(data.id)) return 'unneeded'
    const pads = paddingsOf(data)
    if (node.kernelName !== 'fusedConv2d__op' || !pads || data.rank !== 4 || uses.get(data.dataId) !== 1)
      return
    const [[n0, n1], [t, b], [l, r], [c0, c1]] = pads
    if (n0 || n1 || c0 || c1) return
    const [, h, w] = data.shape as number[]
    return { begin: [t, l], size: [h - t - b, w - l - r] }
  }
  for (const [d, list] of found) {
    if (vetoed.has(d)) continue
    // one use with an interior, or any number of uses all on data
    if (list.every((p) => p === 'unneeded')) plans.set(d, 'unneeded')
    else if (list.length === 1) plans.set(d, list[0])
  }
}

export function clearInputGradientPlans(): void {
  plans.clear()
}

/** True while `weight` is marked: a product of it with an upstream gradient will be thrown away. */
export function inputGradientUnneeded(weight: TensorInfo): boolean {
  return plans.size > 0 && plans.get(weight.dataId) === 'unneeded'
}

/** The part of the input gradient through the convolution with `filter` that is read, if marked. */
export function inputGradientInterior(filter: TensorInfo): Interior | undefined {
  const plan = plans.size > 0 ? plans.get(filter.dataId) : undefined
  return plan === 'unneeded' ? undefined : plan
}

/** Zeros of `shape`: what a kernel returns for an input gradient that nobody reads. */
export function zerosOnWasm(backend: unknown, shape: number[]): TensorInfo {
  const b = backend as BackendWasm
  const out = b.makeOutput(shape, 'float32')
  b.typedArrayFromHeap(out).fill(0)
  return out
}
