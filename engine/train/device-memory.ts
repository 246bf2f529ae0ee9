import type * as tfTypes from '@tensorflow/tfjs'
import type { Tf } from '../layers/types'

/** What the backend holds for this run: its tensors' bytes, or on webgpu the GPU buffers allocated. */
export interface DeviceMemory {
  memoryBytes: number
  memoryOnGpu: boolean
}

/**
 * On webgpu, tfjs keeps freed buffers in a pool for reuse, so the bytes allocated on the GPU (what
 * the driver reports as used, and what runs out) can exceed the live tensors' bytes.
 */
export function deviceMemory(tf: Tf): DeviceMemory {
  const m = tf.memory() as tfTypes.MemoryInfo & { numBytesAllocatedInGPU?: number }
  const onGpu = tf.getBackend() === 'webgpu' && typeof m.numBytesAllocatedInGPU === 'number'
  return { memoryBytes: onGpu ? m.numBytesAllocatedInGPU! : m.numBytes, memoryOnGpu: onGpu }
}
