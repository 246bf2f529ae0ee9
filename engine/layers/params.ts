/**
 * Parameter specs: one small description per layer parameter. The registry turns them into
 * zod schemas (validation with readable messages), the inspector into form fields, and the
 * TypeScript types below into the typed `p` every layer function receives.
 */
import { z } from 'zod'

interface Base<T> {
  default: T
  /** i18n key suffix of a unit shown next to the field, e.g. 'px' */
  unit?: string
}
export interface IntSpec extends Base<number> {
  kind: 'int'
  min?: number
  max?: number
}
export interface FloatSpec extends Base<number> {
  kind: 'float'
  min?: number
  max?: number
}
export interface BoolSpec extends Base<boolean> {
  kind: 'bool'
}
export interface ChoiceSpec<T extends string = string> extends Base<T> {
  kind: 'choice'
  options: readonly T[]
}
/** A list of integers such as a shape; `length` fixes its length, `min` bounds each item. */
export interface IntsSpec extends Base<number[]> {
  kind: 'ints'
  length?: number
  min?: number
  max?: number
  minLength?: number
}
/** A list of numbers such as anchor sizes; `min`/`max` bound each item. */
export interface FloatsSpec extends Base<number[]> {
  kind: 'floats'
  min?: number
  max?: number
  minLength?: number
}
/** Either one integer used for both spatial axes, or [h, w]. Read through `pair()`. */
export interface PairSpec extends Base<number | [number, number]> {
  kind: 'pair'
  min?: number
  max?: number
}
/** 'same' | 'valid' | an explicit symmetric pad (PyTorch's `padding=k`). */
export interface PaddingSpec extends Base<'same' | 'valid' | number> {
  kind: 'padding'
}
export interface StringSpec extends Base<string> {
  kind: 'string'
}

export type ParamSpec =
  IntSpec | FloatSpec | BoolSpec | ChoiceSpec | IntsSpec | FloatsSpec | PairSpec | PaddingSpec | StringSpec
export type ParamSpecs = Record<string, ParamSpec>

type ValueOf<S> = S extends ChoiceSpec<infer T> ? T : S extends Base<infer V> ? V : never
export type ParamValues<S extends ParamSpecs> = { [K in keyof S]: ValueOf<S[K]> }

/** A size no layer of a model that fits in memory ever needs; guards against typos like 1e9. */
export const MAX_SIZE = 1 << 20

export const int = (o: Omit<IntSpec, 'kind'>): IntSpec => ({ kind: 'int', ...o })
export const float = (o: Omit<FloatSpec, 'kind'>): FloatSpec => ({ kind: 'float', ...o })
export const bool = (d: boolean): BoolSpec => ({ kind: 'bool', default: d })
export const choice = <T extends string>(options: readonly T[], d: T): ChoiceSpec<T> => ({
  kind: 'choice',
  options,
  default: d,
})
export const ints = (o: Omit<IntsSpec, 'kind'>): IntsSpec => ({ kind: 'ints', ...o })
export const floats = (o: Omit<FloatsSpec, 'kind'>): FloatsSpec => ({ kind: 'floats', ...o })
export const pairOf = (o: Omit<PairSpec, 'kind'>): PairSpec => ({ kind: 'pair', ...o })
export const padding = (d: PaddingSpec['default'] = 'valid'): PaddingSpec => ({ kind: 'padding', default: d })
export const str = (d: string): StringSpec => ({ kind: 'string', default: d })

/** Normalises a PairSpec value to [h, w]. */
export function pair(v: number | [number, number]): [number, number] {
  return typeof v === 'number' ? [v, v] : v
}

const intSchema = (min = 0, max = MAX_SIZE) =>
  z
    .number()
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`)

export function specSchema(s: ParamSpec): z.ZodType {
  switch (s.kind) {
    case 'int':
      return intSchema(s.min ?? 0, s.max ?? MAX_SIZE)
    case 'float': {
      let f = z.number().refine(Number.isFinite, 'must be a finite number')
      if (s.min !== undefined) f = f.refine((v) => v >= s.min!, `must be at least ${s.min}`)
      if (s.max !== undefined) f = f.refine((v) => v <= s.max!, `must be at most ${s.max}`)
      return f
    }
    case 'bool':
      return z.boolean()
    case 'choice':
      return z.enum(s.options as [string, ...string[]])
    case 'ints': {
      let a = z.array(intSchema(s.min ?? 1, s.max ?? MAX_SIZE))
      if (s.length !== undefined) a = a.length(s.length, `must have ${s.length} items`)
      if (s.minLength !== undefined) a = a.min(s.minLength, `must have at least ${s.minLength} items`)
      return a
    }
    case 'floats': {
      let f = z.number().refine(Number.isFinite, 'must be finite numbers')
      if (s.min !== undefined) f = f.refine((v) => v >= s.min!, `must be at least ${s.min} each`)
      if (s.max !== undefined) f = f.refine((v) => v <= s.max!, `must be at most ${s.max} each`)
      let a = z.array(f)
      if (s.minLength !== undefined) a = a.min(s.minLength, `must have at least ${s.minLength} items`)
      return a
    }
    case 'pair': {
      const i = intSchema(s.min ?? 1, s.max ?? MAX_SIZE)
      return z.union([i, z.tuple([i, i])])
    }
    case 'padding':
      return z.union([z.enum(['same', 'valid']), intSchema(0, 4096)])
    case 'string':
      return z.string().max(200)
  }
}

export function defaultsOf<S extends ParamSpecs>(specs: S): ParamValues<S> {
  const out: Record<string, unknown> = {}
  for (const [k, s] of Object.entries(specs)) out[k] = structuredClone(s.default)
  return out as ParamValues<S>
}
