/** A problem found in a graph, pointing at what the user has to fix. */
export interface GraphIssue {
  severity: 'error' | 'warning'
  nodeId?: string
  edgeId?: string
  /** Parameter or document field, e.g. 'kernelSize' or 'training.batchSize'. */
  field?: string
  message: string
}

export const err = (message: string, at: Omit<GraphIssue, 'severity' | 'message'> = {}): GraphIssue => ({
  severity: 'error',
  message,
  ...at,
})

/** One line per issue, as the CLI prints it. */
export function formatIssue(i: GraphIssue): string {
  const where = [
    i.nodeId && `node '${i.nodeId}'`,
    i.edgeId && `edge '${i.edgeId}'`,
    i.field && `field '${i.field}'`,
  ]
    .filter(Boolean)
    .join(', ')
  return where ? `${where}: ${i.message}` : i.message
}
