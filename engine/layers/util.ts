/**
 * Shared arithmetic and glue for the layer definitions: sliding-window sizes, rank checks and
 * the small function that chains tfjs layers into a `TfjsApply`.
 */
import { ShapeError, type Shape, type SymbolicTensor, type TfjsApply } from './types'

export type Padding = 'same' | 'valid' | number

/** `[28, 28, 1]` → `28×28×1`, the way the inspector shows shapes. */
export const fmt = (s: readonly number[]): string => s.join('×')

/** tfjs only knows 'same' and 'valid'; an explicit pad is added by a padding layer in front. */
export const tfPadding = (p: Padding): 'same' | 'valid' => (p === 'same' ? 'same' : 'valid')

/** The explicit symmetric pad, 0 for 'same'/'valid'. */
export const explicitPad = (p: Padding): number => (typeof p === 'number' ? p : 0)

/** Anything with tfjs' `apply`; `null` entries are skipped so optional layers read naturally. */
interface Applicable {
  apply(x: SymbolicTensor | SymbolicTensor[]): unknown
}

export function chain(...layers: (Applicable | null | undefined)[]): TfjsApply {
  return ([x]) => layers.reduce<SymbolicTensor>((t, l) => (l ? (l.apply(t) as SymbolicTensor) : t), x)
}

/** Spatial axes of an image-like input; the message suggests the fix a learner most likely needs. */
export function expectRank(kind: string, x: Shape, rank: number, what: string): void {
  if (x.length === rank) return
  const hint = x.length < rank ? ' (add a Reshape in front)' : ''
  throw new ShapeError(`${kind} needs ${what}, but its input is [${fmt(x)}]${hint}`)
}

/**
 * Output sizes of a sliding window (kernel or pool) over the spatial axes. 'same' and 'valid'
 * follow TensorFlow exactly, ceil(in / s) and ceil((in − span + 1) / s); an explicit pad follows
 * PyTorch, floor((in + 2p − span) / s) + 1, where span = (k − 1)·d + 1 is the dilated kernel.
 */
export function slide(
  what: 'kernel' | 'pool',
  size: number[],
  k: number[],
  s: number[],
  pad: Padding,
  d: number[] = k.map(() => 1),
): number[] {
  if (pad === 'same') return size.map((n, i) => Math.ceil(n / s[i]))
  const span = k.map((ki, i) => (ki - 1) * d[i] + 1)
  const p = explicitPad(pad)
  const padded = size.map((n) => n + 2 * p)
  if (padded.some((n, i) => n < span[i])) {
    const dilated = d.some((x) => x !== 1) ? ` with dilation ${fmt(d)} spans ${fmt(span)}, which` : ''
    const where =
      p === 0
        ? `the ${fmt(size)} input with padding ${pad === 'valid' ? "'valid'" : 0}`
        : `the ${fmt(size)} input padded by ${p} on each side (${fmt(padded)})`
    throw new ShapeError(`${what} ${fmt(k)}${dilated} is larger than ${where}`)
  }
  return padded.map((n, i) => Math.floor((n - span[i]) / s[i]) + 1)
}

/** tfjs' convolution kernels refuse strides > 1 together with dilation > 1. */
export function checkStrideDilation(kind: string, s: number[], d: number[]): void {
  if (s.some((x) => x > 1) && d.some((x) => x > 1))
    throw new ShapeError(
      `${kind} can't use strides ${fmt(s)} together with dilation ${fmt(d)}: TensorFlow.js needs one of them to be 1`,
    )
}
