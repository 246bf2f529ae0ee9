/**
 * The layer registry: one entry per layer type. The validator, shape inference, compiler,
 * summary, palette and inspector all read this table; adding a layer type is adding an entry.
 */
import { dense } from './dense'
import { input, output } from './io'
import type { AnyLayerDef } from './types'

export const layers = {
  Input: input,
  Output: output,
  Dense: dense,
} satisfies Record<string, AnyLayerDef>

export type LayerKind = keyof typeof layers

const table: Record<string, AnyLayerDef> = layers as unknown as Record<string, AnyLayerDef>

export function getLayer(kind: string): AnyLayerDef | undefined {
  return Object.hasOwn(table, kind) ? table[kind] : undefined
}

export function layerKinds(): string[] {
  return Object.keys(table)
}

export * from './types'
export * from './params'
