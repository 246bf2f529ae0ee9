import { analyze, type Analysis } from '../../../engine/graph/analyze'
import type { GraphDoc } from '../../../engine/graph/schema'
import { useGraph } from './graph'

let last: { doc: GraphDoc; analysis: Analysis } | null = null

/**
 * The analysis of one document, computed once however many panels ask: the canvas, inspector
 * and summary all read it after each edit, and on a thousand-layer graph each pass counts.
 */
export function analysisOf(doc: GraphDoc): Analysis {
  if (last?.doc !== doc) last = { doc, analysis: analyze(doc) }
  return last.analysis
}

/** Validation and shape inference of the current graph, recomputed only when it changes. */
export function useAnalysis(): Analysis {
  return analysisOf(useGraph((s) => s.doc))
}
