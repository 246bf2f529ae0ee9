/**
 * The input gradient of a network's first layer is never used: its input is data, not a
 * function of any weight. tfjs still computes it whenever that layer runs as a fused op, since a
 * fused op's custom gradient returns the gradients of all its inputs at once (the tape prunes the
 * unused one only afterwards). For LeNet that product was a quarter of all kernel time, for
 * ResNet-18's 7×7 stem about a tenth (profile: test/bench/profile.ts). During one gradient
 * computation, the weights listed here are those whose every use is such a first layer; the wasm
 * kernels that would compute only that unused product return zeros instead.
 */
import type * as tfjs from '@tensorflow/tfjs'
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm'

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

const unneeded = new Set<object>()

/**
 * Marks the weights among `vars` that only feed fused layers whose input depends on no variable.
 * Call it inside the function whose gradients are being taken, after the forward pass (it reads
 * the recording tape); `clearUnneededInputGradients` ends the marking.
 */
export function markUnneededInputGradients(tf: Tf, vars: readonly tfjs.Variable[]): void {
  const tape = (tf.engine().state as { activeTape?: TapeNode[] | null }).activeTape
  if (!tape) return
  const weights = new Map<object, tfjs.Variable>(vars.map((v) => [v.dataId, v]))
  const fromVars = new Set<number>(vars.map((v) => v.id))
  const ok = new Set<object>()
  const vetoed = new Set<object>()
  for (const node of tape) {
    const inputs = Object.entries(node.inputs)
    if (inputs.some(([, t]) => fromVars.has(t.id))) for (const o of node.outputs) fromVars.add(o.id)
    for (const [name, t] of inputs) {
      if (!weights.has(t.dataId)) continue
      // views of the weight (reshapes, the clones tfjs saves for the backward pass) share its
      // data, and their gradients only reshape the upstream gradient
      if (node.outputs.every((o) => o.dataId === t.dataId)) continue
      const dataInput = node.inputs['0']
      if (FUSED.has(node.kernelName) && name === '1' && dataInput && !fromVars.has(dataInput.id))
        ok.add(t.dataId)
      else vetoed.add(t.dataId)
    }
  }
  for (const d of ok) if (!vetoed.has(d)) unneeded.add(d)
}

export function clearUnneededInputGradients(): void {
  unneeded.clear()
}

/** True while `weight` is marked: a product of it with an upstream gradient will be thrown away. */
export function inputGradientUnneeded(weight: TensorInfo): boolean {
  return unneeded.size > 0 && unneeded.has(weight.dataId)
}

/** Zeros of `shape`: what a kernel returns for an input gradient that nobody reads. */
export function zerosOnWasm(backend: unknown, shape: number[]): TensorInfo {
  const b = backend as BackendWasm
  const out = b.makeOutput(shape, 'float32')
  b.typedArrayFromHeap(out).fill(0)
  return out
}
