import { conv2dBackpropFilter } from './kernels/conv2d-backprop-filter'
import { depthwiseBackpropFilter, depthwiseBackpropInput } from './kernels/depthwise-backprop'
import { unsortedSegmentSum } from './kernels/unsorted-segment-sum'
import type { KernelArgs, Tf, TensorInfo } from './kernels/wasm-ops'

type Impl = (tf: Tf, args: KernelArgs) => TensorInfo

/** Kernels the tfjs wasm backend (4.22) lacks but training needs. */
const TRAINING_KERNELS: Record<string, Impl> = {
  Conv2DBackpropFilter: conv2dBackpropFilter,
  DepthwiseConv2dNativeBackpropFilter: depthwiseBackpropFilter,
  DepthwiseConv2dNativeBackpropInput: depthwiseBackpropInput,
  UnsortedSegmentSum: unsortedSegmentSum,
}

export const wasmTrainingKernelNames: readonly string[] = Object.keys(TRAINING_KERNELS)

/**
 * Registers Deepwire's wasm training kernels on the given tfjs instance. Idempotent, and it
 * never replaces a kernel tfjs itself provides (a later tfjs may ship its own). Returns the
 * names it registered in this call.
 */
export function registerWasmTrainingKernels(tf: Tf): string[] {
  const added: string[] = []
  for (const [kernelName, impl] of Object.entries(TRAINING_KERNELS)) {
    if (tf.getKernel(kernelName, 'wasm')) continue
    tf.registerKernel({
      kernelName,
      backendName: 'wasm',
      kernelFunc: (args) => impl(tf, args as unknown as KernelArgs),
    })
    added.push(kernelName)
  }
  return added
}
