/**
 * What an export will cost, from the analysis alone: the weights are held several times over
 * (the built model, the encoded file, onnxruntime's session for the parity check), and an ONNX
 * file is one protobuf message, which cannot exceed 2 GiB.
 */
import os from 'node:os'
import type { Analysis } from '../graph/analyze'
import { gib, memoryBudget } from './memory'

/**
 * Copies of the weights an export holds at its peak. Measured: exporting a 494 M-parameter
 * Dense layer (1.84 GiB of float32 weights) grew the process to 8.5 GB before it was stopped.
 */
export const EXPORT_WEIGHT_COPIES = 4
/** protobuf's limit on one message, and so on one .onnx file without external data. */
export const ONNX_MAX_BYTES = 2 * 2 ** 30

/** A sentence when the export cannot fit, with the figures; null when it can. */
export function exportRefusal(
  analysis: Pick<Analysis, 'totals'>,
  format: string,
  budget = memoryBudget('wasm', os.totalmem(), process.env.DEEPWIRE_MEMORY_BUDGET_MB),
): string | null {
  const params = analysis.totals.trainableParams + analysis.totals.stateParams
  const weights = params * 4
  const count = `${params.toLocaleString('en')} parameters (${gib(weights)} of weights)`
  if (format === 'onnx' && weights > ONNX_MAX_BYTES)
    return `the model has ${count}, more than the ${gib(ONNX_MAX_BYTES)} one ONNX file can hold: make the model smaller`
  const needs = weights * EXPORT_WEIGHT_COPIES
  if (needs <= budget) return null
  const fits = Math.floor(budget / EXPORT_WEIGHT_COPIES / 4)
  return (
    `exporting the model's ${count} needs about ${gib(needs)} (the weights held ${EXPORT_WEIGHT_COPIES} times: model, file, check) ` +
    `but the memory budget is ${gib(budget)}: make the model smaller (at most about ${fits.toLocaleString('en')} parameters)`
  )
}
