import type { KernelConfig } from '@tensorflow/tfjs'
import { registerTrainingGradients } from './gradients'
import { avgPoolGrad } from './kernels/avg-pool-grad'
import { batchMatMul } from './kernels/batch-mat-mul'
import { conv2dBackpropFilter } from './kernels/conv2d-backprop-filter'
import { conv2dBackpropInput } from './kernels/conv2d-backprop-input'
import { depthwiseBackpropFilter, depthwiseBackpropInput } from './kernels/depthwise-backprop'
import { identity } from './kernels/identity'
import { maxPoolGrad } from './kernels/max-pool-grad'
import { padV2 } from './kernels/pad'
import { mean, sum } from './kernels/reduce'
import { slice, splitV, unpack } from './kernels/slice'
import { tile } from './kernels/tile'
import { unsortedSegmentSum } from './kernels/unsorted-segment-sum'
import type { KernelArgs, Tf, TensorInfo } from './kernels/wasm-ops'

type Impl = (tf: Tf, args: KernelArgs) => TensorInfo
type Out = TensorInfo | TensorInfo[]
type Override = (tf: Tf, args: KernelArgs, fallback: (args: KernelArgs) => Out) => Out

/** Kernels the tfjs wasm backend (4.22) lacks but training needs. */
const TRAINING_KERNELS: Record<string, Impl> = {
  Conv2DBackpropFilter: conv2dBackpropFilter,
  DepthwiseConv2dNativeBackpropFilter: depthwiseBackpropFilter,
  DepthwiseConv2dNativeBackpropInput: depthwiseBackpropInput,
  UnsortedSegmentSum: unsortedSegmentSum,
}

/** An override of a kernel with one output, whose built-in therefore returns one tensor. */
function single(
  impl: (tf: Tf, args: KernelArgs, fallback: (args: KernelArgs) => TensorInfo) => TensorInfo,
): Override {
  return (tf, args, fallback) => impl(tf, args, (a) => fallback(a) as TensorInfo)
}

/**
 * Kernels the tfjs wasm backend has but runs far slower than it could (a scalar loop where
 * XNNPACK could run, a copy of the whole input per slice). Each replaces the built-in and hands
 * it the cases it does not handle.
 */
const OVERRIDES: Record<string, Override> = {
  BatchMatMul: single(batchMatMul),
  Conv2DBackpropInput: single(conv2dBackpropInput),
  Slice: slice,
  SplitV: splitV,
  Unpack: unpack,
  Tile: single(tile),
  Identity: single(identity),
  PadV2: single(padV2),
  AvgPoolGrad: single(avgPoolGrad),
  MaxPoolGrad: single(maxPoolGrad),
  Sum: single(sum),
  Mean: single(mean),
}

export const wasmTrainingKernelNames: readonly string[] = [
  ...Object.keys(TRAINING_KERNELS),
  ...Object.keys(OVERRIDES),
]

// Marks an override's config and holds the built-in it replaced. A global symbol, so that a
// second copy of this module recognises the override instead of wrapping it again.
const REPLACED = Symbol.for('deepwire.wasm.replacedKernel')
type OverrideConfig = KernelConfig & { [REPLACED]: KernelConfig }

/** The built-in wasm kernel Deepwire's override of `kernelName` replaced, if it did. */
export function replacedWasmKernel(tf: Tf, kernelName: string): KernelConfig | undefined {
  const config = tf.getKernel(kernelName, 'wasm') as Partial<OverrideConfig> | undefined
  return config?.[REPLACED]
}

/**
 * Registers Deepwire's wasm training kernels (and the gradients of ./gradients.ts) on the given
 * tfjs instance. Idempotent. Missing
 * kernels are only added, never put over one tfjs itself provides (a later tfjs may ship its
 * own); the OVERRIDES replace the built-in, which needs @tensorflow/tfjs-backend-wasm loaded
 * first (otherwise they are skipped, and a later call installs them). Returns the names it
 * registered in this call.
 */
export function registerWasmTrainingKernels(tf: Tf): string[] {
  const added: string[] = []
  registerTrainingGradients(tf)
  for (const [kernelName, impl] of Object.entries(TRAINING_KERNELS)) {
    if (tf.getKernel(kernelName, 'wasm')) continue
    tf.registerKernel({
      kernelName,
      backendName: 'wasm',
      kernelFunc: (args) => impl(tf, args as unknown as KernelArgs),
    })
    added.push(kernelName)
  }
  for (const [kernelName, impl] of Object.entries(OVERRIDES)) {
    const builtin = tf.getKernel(kernelName, 'wasm')
    if (!builtin || replacedWasmKernel(tf, kernelName)) continue
    const fallback = (args: KernelArgs) => builtin.kernelFunc(args as never) as Out
    const config: OverrideConfig = {
      kernelName,
      backendName: 'wasm',
      kernelFunc: (args) => impl(tf, args as unknown as KernelArgs, fallback),
      // The built-in's setup (binding its C++ function) runs when the backend initialises,
      // which may still be ahead: it must stay registered for the fallback to work.
      setupFunc: builtin.setupFunc,
      disposeFunc: builtin.disposeFunc,
      [REPLACED]: builtin,
    }
    // registerKernel only warns and overwrites on a duplicate; unregistering first keeps the
    // console quiet and makes the replacement explicit.
    tf.unregisterKernel(kernelName, 'wasm')
    tf.registerKernel(config)
    added.push(kernelName)
  }
  return added
}
