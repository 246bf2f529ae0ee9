import type * as tfjs from '@tensorflow/tfjs'
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm'

export type Tf = typeof tfjs
export type TensorInfo = tfjs.TensorInfo
export type Attrs = Record<string, unknown>

export interface KernelArgs {
  inputs: Record<string, TensorInfo>
  backend: unknown
  attrs?: Attrs
}

export type Pad = 'same' | 'valid' | number | number[][]

/**
 * Runs built-in wasm kernels directly on the backend, below the engine, so the
 * intermediates never become engine tensors (no tape entries, no scope tracking)
 * and can all be freed with one `dispose()` once the result is known.
 */
export class WasmOps {
  private readonly temps: TensorInfo[] = []

  constructor(
    private readonly tf: Tf,
    readonly backend: BackendWasm,
  ) {}

  run(kernelName: string, inputs: Record<string, TensorInfo>, attrs: Attrs = {}): TensorInfo {
    const config = this.tf.getKernel(kernelName, 'wasm')
    if (!config) throw new Error(`wasm kernel ${kernelName} is not registered`)
    const out = config.kernelFunc({ inputs, backend: this.backend, attrs: attrs as never })
    if (Array.isArray(out)) throw new Error(`wasm kernel ${kernelName} returned several outputs`)
    this.temps.push(out)
    return out
  }

  transpose(x: TensorInfo, perm: number[]): TensorInfo {
    return this.run('Transpose', { x }, { perm })
  }

  reshape(x: TensorInfo, shape: number[]): TensorInfo {
    return this.run('Reshape', { x }, { shape })
  }

  slice(x: TensorInfo, begin: number[], size: number[]): TensorInfo {
    if (size.every((s, i) => s === x.shape[i])) return x
    return this.run('Slice', { x }, { begin, size })
  }

  sum(x: TensorInfo, axis: number[]): TensorInfo {
    return this.run('Sum', { x }, { axis, keepDims: false })
  }

  /**
   * An NHWC gradient dy of a strided convolution with (sh − 1, sw − 1) zeros after every pixel,
   * as a stride-1 correlation needs it. One pad of a 6-D view: each pixel gets an (sh, sw) block
   * whose first entry is the pixel and whose rest is zero.
   */
  stuffStrides(dy: TensorInfo, sh: number, sw: number): TensorInfo {
    if (sh === 1 && sw === 1) return dy
    const [n, h, w, c] = dy.shape
    const spread = this.reshape(dy, [n, h, 1, w, 1, c])
    const paddings = [
      [0, 0],
      [0, 0],
      [0, sh - 1],
      [0, 0],
      [0, sw - 1],
      [0, 0],
    ]
    const stuffed = this.run('PadV2', { x: spread }, { paddings, constantValue: 0 })
    return this.reshape(stuffed, [n, h * sh, w * sw, c])
  }

  /** NHWC convolution with explicit, non-negative pads `[top, bottom, left, right]`. */
  conv(
    kind: 'Conv2D' | 'DepthwiseConv2dNative',
    x: TensorInfo,
    filter: TensorInfo,
    strides: [number, number],
    dilations: [number, number],
    pads: [number, number, number, number],
  ): TensorInfo {
    const [t, b, l, r] = pads
    const pad = [
      [0, 0],
      [t, b],
      [l, r],
      [0, 0],
    ]
    return this.run(kind, { x, filter }, { strides, dilations, pad, dataFormat: 'NHWC' })
  }

  owns(t: TensorInfo): boolean {
    return this.temps.includes(t)
  }

  /** Frees every intermediate except `keep` (which then belongs to the caller). */
  dispose(keep?: TensorInfo): void {
    for (const t of this.temps) if (t !== keep) this.backend.disposeData(t.dataId)
    this.temps.length = 0
  }
}

/** Runs `body` with a fresh WasmOps and frees its intermediates even when it throws. */
export function withWasmOps(tf: Tf, backend: unknown, body: (ops: WasmOps) => TensorInfo): TensorInfo {
  const ops = new WasmOps(tf, backend as BackendWasm)
  let result: TensorInfo | undefined
  try {
    result = body(ops)
    // The engine takes ownership of the result, so it must never be one of the kernel's inputs.
    if (!ops.owns(result)) result = ops.run('Identity', { x: result })
    return result
  } finally {
    ops.dispose(result)
  }
}

export function pair(v: number | number[] | undefined, fallback = 1): [number, number] {
  if (v == null) return [fallback, fallback]
  if (typeof v === 'number') return [v, v]
  return [v[0], v[1]]
}

export function assertNhwc(kernel: string, dataFormat: unknown): void {
  if (dataFormat != null && dataFormat !== 'NHWC' && dataFormat !== 'channelsLast') {
    throw new Error(`${kernel} on wasm supports only NHWC data, got ${String(dataFormat)}`)
  }
}
