/**
 * Types and small helpers shared by the tfjs layers Deepwire writes itself (custom.ts and the
 * sequence layers). tfjs hands `call` and `build` either one tensor/shape or a list of them.
 */
import type * as tfTypes from '@tensorflow/tfjs'
import type { Tf } from './types'

export type Initializer = ReturnType<Tf['initializers']['zeros']>
export type ShapeLike = (number | null)[]

/** The arguments every tfjs layer accepts and serialises. */
export interface LayerArgs {
  name?: string
  trainable?: boolean
}

export const list = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x])
export const one = (inputs: tfTypes.Tensor | tfTypes.Tensor[]): tfTypes.Tensor => list(inputs)[0]
export const shapeList = (s: ShapeLike | ShapeLike[]): ShapeLike[] =>
  Array.isArray(s[0]) ? (s as ShapeLike[]) : [s as ShapeLike]
export const firstShape = (s: ShapeLike | ShapeLike[]): ShapeLike => shapeList(s)[0]
