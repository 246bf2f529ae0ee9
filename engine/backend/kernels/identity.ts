import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm'
import type { KernelArgs, Tf, TensorInfo } from './wasm-ops'

/**
 * Identity as a view, the way tfjs-wasm's own Reshape works: the output shares the input's
 * buffer. tfjs-wasm 4.22 copies it, and the engine runs Identity for every tensor a gradient
 * saves for the backward pass (570 copies, ~150 ms, in one ResNet-18 step). Sharing is safe
 * because nothing writes into a tensor's buffer after creating it (a variable's assign swaps the
 * buffer instead), and it lets a saved weight still be recognised by its data (see
 * ../input-grads.ts).
 */
export function identity(_tf: Tf, args: KernelArgs, fallback: (args: KernelArgs) => TensorInfo): TensorInfo {
  const { x } = args.inputs
  if (x.dtype === 'string') return fallback(args)
  ;(args.backend as BackendWasm).incRef(x.dataId)
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype }
}
