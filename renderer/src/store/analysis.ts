import { useMemo } from 'react'
import { analyze, type Analysis } from '../../../engine/graph/analyze'
import { useGraph } from './graph'

/** Validation and shape inference of the current graph, recomputed only when it changes. */
export function useAnalysis(): Analysis {
  const doc = useGraph((s) => s.doc)
  return useMemo(() => analyze(doc), [doc])
}
