import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm'
import { inputGradientUnneeded, zerosOnWasm } from '../input-grads'
import type { KernelArgs, Tf, TensorInfo } from './wasm-ops'

/**
 * tfjs-wasm 4.22 hands BatchMatMul to XNNPACK's SIMD GEMM only when neither operand is
 * transposed; with transposeA or transposeB it runs a scalar loop 7–15× slower (0.4 s instead of
 * 0.04 s for 35 products [32, 256]·[256, 768]). Every matMul gradient is such a product
 * (dA = dY·Bᵀ, dB = Aᵀ·dY), so recurrent and attention layers spent most of their training time
 * there. Transposing the operand first, one pass over it, lets XNNPACK run: dY·Wᵀ for a GRU's
 * [32, 768]·[256, 768]ᵀ went from 12 ms to 0.7 ms.
 */
export function batchMatMul(
  tf: Tf,
  args: KernelArgs,
  fallback: (args: KernelArgs) => TensorInfo,
): TensorInfo {
  const attrs = args.attrs ?? {}
  const { a, b } = args.inputs
  const transposeA = attrs.transposeA === true
  const transposeB = attrs.transposeB === true
  const rows = transposeA ? a.shape.at(-1)! : a.shape.at(-2)!
  const cols = transposeB ? b.shape.at(-2)! : b.shape.at(-1)!
  if (inputGradientUnneeded(a) || inputGradientUnneeded(b)) {
    const batch = tf.backend_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2))
    return zerosOnWasm(args.backend, [...batch, rows, cols])
  }
  if ((!transposeA && !transposeB) || a.dtype !== 'float32' || b.dtype !== 'float32') return fallback(args)
  const backend = args.backend as BackendWasm
  const temps: TensorInfo[] = []
  const swapped = (x: TensorInfo) => {
    const t = swapLastAxes(backend, x)
    temps.push(t)
    return t
  }
  const size = (x: TensorInfo) => x.shape.reduce((p, d) => p * d, 1)
  // XNNPACK packs the right operand on every call with a new one; when that operand is large and
  // the rest small (dY·Wᵀ, the input gradient of a layer), Cᵀ = op(B)ᵀ·op(A)ᵀ packs far less
  const direct = (transposeA ? size(a) : 0) + (transposeB ? size(b) : 0) + size(b)
  const flipped = (transposeA ? 0 : size(a)) + (transposeB ? 0 : size(b)) + size(a) + rows * cols
  const twoD = a.shape.length === 2 && b.shape.length === 2
  try {
    if (twoD && flipped < direct) {
      const ct = fallback({
        ...args,
        inputs: { a: transposeB ? b : swapped(b), b: transposeA ? a : swapped(a) },
        attrs: { ...attrs, transposeA: false, transposeB: false },
      })
      temps.push(ct)
      return swapLastAxes(backend, ct)
    }
    return fallback({
      ...args,
      inputs: { a: transposeA ? swapped(a) : a, b: transposeB ? swapped(b) : b },
      attrs: { ...attrs, transposeA: false, transposeB: false },
    })
  } finally {
    for (const t of temps) backend.disposeData(t.dataId)
  }
}

/**
 * x with its last two axes swapped, in one pass over the wasm heap: tfjs-wasm's Transpose
 * kernel takes ~20 ns an element, which would eat most of the gain.
 */
function swapLastAxes(backend: BackendWasm, x: TensorInfo): TensorInfo {
  const shape = x.shape
  const rows = shape.at(-2)!
  const cols = shape.at(-1)!
  const out = backend.makeOutput([...shape.slice(0, -2), cols, rows], 'float32')
  // views taken after the allocation, which may grow (and so detach) the heap
  const src = backend.typedArrayFromHeap(x)
  const dst = backend.typedArrayFromHeap(out)
  const size = rows * cols
  const BLOCK = 32
  for (let base = 0; base < src.length; base += size)
    for (let r0 = 0; r0 < rows; r0 += BLOCK)
      for (let c0 = 0; c0 < cols; c0 += BLOCK) {
        const r1 = Math.min(r0 + BLOCK, rows)
        const c1 = Math.min(c0 + BLOCK, cols)
        for (let r = r0; r < r1; r++)
          for (let c = c0; c < c1; c++) dst[base + c * rows + r] = src[base + r * cols + c]
      }
  return out
}
