/**
 * Python spelling for the layers' PyTorch emitters: literals, the layout rule and TensorFlow's
 * padding arithmetic. Pure string functions that import nothing at run time, so the registry
 * (which the renderer loads) can use them without pulling in the exporter.
 *
 * Layout rule of the generated model: a tensor with three per-sample axes is an image and is
 * NCHW, because that is what nn.Conv2d and friends take; every other tensor keeps the engine's
 * layout ([N, F], [N, T, C] like batch_first RNNs). Emitters see engine (channels-last) shapes.
 */
import type { PytorchWeight, Shape } from '../../layers/types'

export const pyBool = (b: boolean): string => (b ? 'True' : 'False')

/** A float literal Python reads back exactly (JavaScript's shortest round-trip form). */
export function pyFloat(v: number): string {
  if (!Number.isFinite(v)) return v > 0 ? "float('inf')" : v < 0 ? "float('-inf')" : "float('nan')"
  return Number.isInteger(v) ? `${v}.0` : String(v)
}

export const pyTuple = (xs: readonly (number | string)[]): string =>
  xs.length === 1 ? `(${xs[0]},)` : `(${xs.join(', ')})`

/** One number when every axis agrees (PyTorch's usual spelling), else a tuple. */
export const pySize = (xs: readonly number[]): string =>
  xs.every((x) => x === xs[0]) ? String(xs[0]) : pyTuple(xs)

/** `name=value` keyword arguments, leaving out the ones set to undefined (PyTorch's defaults). */
export function kwargs(o: Record<string, string | undefined>): string[] {
  return Object.entries(o)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => `${k}=${v}`)
}

/** `nn.X(a, b, k=v)` from positional and keyword arguments. */
export const call = (fn: string, args: (string | number)[], kw: Record<string, string | undefined> = {}) =>
  `${fn}(${[...args.map(String), ...kwargs(kw)].join(', ')})`

export const isImage = (s: Shape): boolean => s.length === 3

/** NCHW → NHWC for an image, unchanged otherwise. */
export const channelsLast = (x: string, s: Shape): string => (isImage(s) ? `${x}.permute(0, 2, 3, 1)` : x)

/** NHWC → NCHW for an image, unchanged otherwise. */
export const channelsFirst = (x: string, s: Shape): string => (isImage(s) ? `${x}.permute(0, 3, 1, 2)` : x)

/** The feature (channel) dim in the PyTorch layout. */
export const featureDim = (s: Shape): number => (isImage(s) ? 1 : -1)

/** A Keras axis of the engine layout (0 = batch, negatives from the end) as a PyTorch dim. */
export function torchDim(axis: number, s: Shape): number {
  const i = axis < 0 ? s.length + 1 + axis : axis
  return isImage(s) ? [0, 2, 3, 1][i] : i
}

/** `f` applied to the channels-last view: for layers that work on the last axis (Linear, LayerNorm). */
export const onLastAxis = (x: string, inS: Shape, outS: Shape, f: (v: string) => string): string =>
  channelsFirst(f(channelsLast(x, inS)), outS)

/** `f` applied with the features on dim 1, where BatchNorm1d and PReLU look for channels. */
export function onDim1(x: string, s: Shape, f: (v: string) => string): string {
  if (s.length === 1 || isImage(s)) return f(x)
  if (s.length === 2) return `${f(`${x}.transpose(1, 2)`)}.transpose(1, 2)`
  return `${f(`${x}.movedim(-1, 1)`)}.movedim(1, -1)`
}

/** A Dense/Conv `activation` parameter applied to an expression. */
export function activation(x: string, act: string, out: Shape): string {
  switch (act) {
    case 'linear':
      return x
    case 'relu':
    case 'sigmoid':
    case 'tanh':
      return `torch.${act}(${x})`
    case 'softmax':
      return `torch.softmax(${x}, dim=${featureDim(out)})`
    case 'elu':
    case 'selu':
    case 'gelu':
      return `F.${act}(${x})`
    case 'swish':
      return `F.silu(${x})`
  }
  throw new Error(`the activation '${act}' has no PyTorch counterpart in the exporter`)
}

export type Pads = [number, number][]

/** TensorFlow's 'same' padding per spatial axis, [before, after]; odd totals put the extra after. */
export function samePads(size: number[], k: number[], s: number[], d: number[] = k.map(() => 1)): Pads {
  return size.map((n, i) => {
    const total = Math.max((Math.ceil(n / s[i]) - 1) * s[i] + (k[i] - 1) * d[i] + 1 - n, 0)
    const before = Math.floor(total / 2)
    return [before, total - before]
  })
}

/** `F.pad`, whose pad list starts at the last axis. */
export const fPad = (x: string, pads: Pads, value?: string): string =>
  `F.pad(${x}, ${pyTuple([...pads].reverse().flat())}${value ? `, value=${value}` : ''})`

/**
 * How a padding parameter becomes PyTorch: a symmetric `padding=` argument when it can be one,
 * otherwise an explicit F.pad in front (TF's 'same' with an odd total pads more after).
 */
export function torchPadding(
  pad: 'same' | 'valid' | number,
  size: number[],
  k: number[],
  s: number[],
  d?: number[],
): { padding?: string; wrap: (x: string, value?: string) => string } {
  if (typeof pad === 'number') return { padding: pad ? String(pad) : undefined, wrap: (x) => x }
  if (pad === 'valid') return { wrap: (x) => x }
  const pads = samePads(size, k, s, d)
  if (pads.every(([a, b]) => a === b)) {
    const sym = pads.map(([a]) => a)
    return { padding: sym.some((p) => p > 0) ? pySize(sym) : undefined, wrap: (x) => x }
  }
  return { wrap: (x, value) => fPad(x, pads, value) }
}

/** Keyword arguments shared by the convolutions, each left out at PyTorch's default. */
export function convKwargs(
  s: number[],
  padding: string | undefined,
  d: number[],
  useBias: boolean,
  extra: Record<string, string | undefined> = {},
): Record<string, string | undefined> {
  return {
    stride: s.some((v) => v !== 1) ? pySize(s) : undefined,
    padding,
    ...extra,
    dilation: d.some((v) => v !== 1) ? pySize(d) : undefined,
    bias: useBias ? undefined : 'False',
  }
}

/** A Keras kernel (its output channels last) and bias as a PyTorch weight (output channels first). */
export const kernelAndBias = (useBias: boolean, perm: number[]): PytorchWeight[] => [
  { tfjs: 'kernel', torch: 'weight', perm },
  ...(useBias ? [{ tfjs: 'bias', torch: 'bias' }] : []),
]

/**
 * nn.ConvTranspose2d's padding for a Conv2DTranspose. Relative to the full transposed output
 * ((in − 1)·s + k), tfjs crops `before`/`after` per axis (negative: it appends bias-only rows).
 * PyTorch crops `padding` at both ends and appends `output_padding` (< stride) at the end, which
 * cannot express TF's 'same' with an odd k − s: then forward slices the output instead.
 */
export function transposePadding(
  pad: 'same' | 'valid' | number,
  size: number[],
  k: number[],
  s: number[],
  out: number[],
  /** The layer's outputPadding: with an explicit pad, that many rows less cropped at the end. */
  given = 0,
): { padding?: string; outputPadding?: string; slice?: string } {
  const crops = size.map((_, i): [number, number] => {
    const extra = Math.max(s[i] - k[i], 0)
    if (typeof pad === 'number') return [pad, pad - given]
    if (pad === 'valid') return [0, -extra]
    const total = Math.max(k[i] - s[i], 0)
    const before = Math.floor(total / 2)
    return [before, total - before - extra]
  })
  const some = (xs: number[]) => (xs.some((v) => v !== 0) ? pySize(xs) : undefined)
  if (crops.every(([b, a], i) => b - a >= 0 && b - a < s[i]))
    return { padding: some(crops.map(([b]) => b)), outputPadding: some(crops.map(([b, a]) => b - a)) }
  const slice = crops.map(([b], i) => `${b || ''}:${b + out[i]}`).join(', ')
  return { outputPadding: some(crops.map(([, a]) => Math.max(0, -a))), slice: `[:, :, ${slice}]` }
}

/** An elementwise merge of two or more tensors. */
export function pyMerge(kind: string, args: string[]): string {
  if (kind === 'Add') return args.join(' + ')
  if (kind === 'Multiply') return args.join(' * ')
  if (kind === 'Average') return `(${args.join(' + ')}) / ${args.length}`
  throw new Error(`the merge '${kind}' has no PyTorch expression in the exporter`)
}

export { pyStr } from '../literals'
