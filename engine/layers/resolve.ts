import { z } from 'zod'
import { defaultsOf, specSchema, type ParamValues } from './params'
import type { AnyLayerDef } from './types'
import { quoteList } from '../budget/untrusted'

export interface ParamIssue {
  /** Parameter name, or '' when the problem is the params object itself. */
  param: string
  message: string
}

const schemaCache = new WeakMap<AnyLayerDef, z.ZodType>()

function paramsSchema(def: AnyLayerDef): z.ZodType {
  let s = schemaCache.get(def)
  if (!s) {
    const shape: Record<string, z.ZodType> = {}
    for (const [k, spec] of Object.entries(def.params)) shape[k] = specSchema(spec)
    // strict: a misspelt parameter is an error, not silently ignored
    s = z.strictObject(shape)
    schemaCache.set(def, s)
  }
  return s
}

/** Fills defaults for missing parameters and validates every value against the layer's specs. */
export function resolveParams(
  def: AnyLayerDef,
  raw: Record<string, unknown> | undefined,
): { ok: true; params: ParamValues<AnyLayerDef['params']> } | { ok: false; issues: ParamIssue[] } {
  const merged = { ...defaultsOf(def.params), ...(raw ?? {}) }
  const r = paramsSchema(def).safeParse(merged)
  if (r.success) return { ok: true, params: r.data as ParamValues<AnyLayerDef['params']> }
  return {
    ok: false,
    issues: r.error.issues.map((i) => ({
      param: String(i.path[0] ?? ''),
      message: i.code === 'unrecognized_keys' ? `unknown parameter(s) ${quoteList(i.keys)}` : i.message,
    })),
  }
}
