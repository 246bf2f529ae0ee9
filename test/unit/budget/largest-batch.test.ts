import { describe, expect, it } from 'vitest'
import { analyze } from '../../../engine/graph/analyze'
import { parseGraph } from '../../../engine/graph/parse'
import {
  estimateTrainingMemory,
  largestBatch,
  memoryBudget,
  memoryRefusal,
} from '../../../engine/budget/memory'
import { mlp } from '../../helpers/train'

const analysisOf = (hidden: number) => {
  const r = parseGraph(mlp(784, hidden, 10, 'fashion-mnist'))
  if (!r.ok) throw new Error('bad graph')
  return analyze(r.doc)
}

describe('largestBatch', () => {
  const a = analysisOf(300_000)
  const budget = memoryBudget('wasm', 64 * 2 ** 30)

  it('is the largest batch whose estimate fits, and the refusal names it', () => {
    const n = largestBatch(estimateTrainingMemory(a, 1, 'adam'), budget)
    expect(n).toBeGreaterThan(0)
    expect(estimateTrainingMemory(a, n, 'adam').total).toBeLessThanOrEqual(budget)
    expect(estimateTrainingMemory(a, n + 1, 'adam').total).toBeGreaterThan(budget)
    expect(memoryRefusal(estimateTrainingMemory(a, 128, 'adam'), budget, 128)).toContain(
      `lower the batch size to ${n} or less`,
    )
  })

  it('is 0 when the weights alone do not fit', () => {
    const e = estimateTrainingMemory(a, 1, 'adam')
    expect(largestBatch(e, e.weights + e.gradients + e.optimizer)).toBe(0)
    expect(largestBatch(e, e.weights)).toBe(0)
  })
})
