/**
 * The cost model: every entry point (CLI, engine host, training worker, export, inspection,
 * prediction) admits an untrusted graph through admitGraph before paying for it — nesting depth,
 * document structure, expanded size, shapes and parameter counts — and sizes training with
 * memory.ts and an export with export-size.ts.
 */
import { analyze, type Analysis } from '../graph/analyze'
import { formatIssues, type GraphIssue } from '../graph/issues'
import { parseGraph } from '../graph/parse'
import type { GraphDoc } from '../graph/schema'
import { checkDepth } from './untrusted'

export { graphSizeRefusal, measureGraph, type GraphSize } from './graph-size'
export { estimateTrainingMemory, memoryBudget, memoryRefusal, type MemoryEstimate } from './memory'
export { BoundError, checkDepth, parseJsonBounded, quote, quoteList } from './untrusted'

/** A graph refused with its problems as lines, the first naming the node to fix. */
export class GraphRefusal extends Error {
  override name = 'GraphRefusal'
  constructor(
    readonly issues: readonly GraphIssue[],
    readonly nodeId = issues[0]?.nodeId,
  ) {
    super(formatIssues(issues).join('\n'))
  }
}

/**
 * Parses and analyses an untrusted graph value, or throws GraphRefusal (or BoundError for a
 * value nested too deep to look at). The analysis sizes the expansion before building it.
 */
export function admitGraph(raw: unknown, what = 'the graph'): { doc: GraphDoc; analysis: Analysis } {
  checkDepth(raw, what)
  const parsed = parseGraph(raw)
  if (!parsed.ok) throw new GraphRefusal(parsed.errors)
  const analysis = analyze(parsed.doc)
  if (!analysis.ok) throw new GraphRefusal(analysis.errors)
  return { doc: parsed.doc, analysis }
}
