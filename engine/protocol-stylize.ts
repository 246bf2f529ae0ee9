/** The style-transfer job's protocol: its request, per-step losses and result. */
import { z } from 'zod'

/** One style-transfer step's weighted losses (engine/stylize/run.ts). */
export interface StylizeStepLosses {
  step: number
  content: number
  style: number
  tv: number
  total: number
}

export interface StylizedResult {
  /** The PNG written. */
  path: string
  width: number
  height: number
  /** Steps actually run (fewer than asked when stopped). */
  steps: number
  stopped: boolean
  /** false: no checkpoint, the feature network kept its initial weights. */
  trained: boolean
  layers: { content: string; style: string[] }
  first: StylizeStepLosses
  last: StylizeStepLosses
  /** The app's results: the PNG's path under the exports folder (web mode serves it). */
  downloads?: string[]
}

const weight = z.number().min(0).max(1e9)

/** What the app's Style view may change; everything else keeps the course's defaults. */
export const stylizeSettingsSchema = z.object({
  steps: z.number().int().min(1).max(2000),
  /** Longest side of the synthesised image. */
  size: z.number().int().min(8).max(512),
  contentWeight: weight,
  styleWeight: weight,
  tvWeight: weight,
  /** A preview image every this many steps. */
  previewEvery: z.number().int().min(1).max(2000),
})

export const stylizeRequestSchema = stylizeSettingsSchema.extend({
  graph: z.unknown(),
  /** Checkpoint whose weights the feature network takes; its initial weights without one. */
  checkpoint: z.string().optional(),
  /** Image files, already checked by the host. */
  content: z.string().min(1),
  style: z.string().min(1),
  /** Where the result PNG is written. */
  out: z.string().min(1),
})
export type StylizeRequest = z.input<typeof stylizeRequestSchema>
