import { quote } from '../budget/untrusted'
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
    i.nodeId && `node ${quote(i.nodeId)}`,
    i.edgeId && `edge ${quote(i.edgeId)}`,
    i.field && `field ${quote(i.field)}`,
  ]
    .filter(Boolean)
    .join(', ')
  return where ? `${where}: ${i.message}` : i.message
}

/**
 * The lines the CLI prints and a failed run reports: issues with the same sentence merged into
 * one line naming the first place and how many more, and at most `max` lines in all.
 */
export function formatIssues(issues: readonly GraphIssue[], max = 10): string[] {
  const byMessage = new Map<string, { first: GraphIssue; more: number }>()
  for (const i of issues) {
    const same = byMessage.get(i.message)
    if (same) same.more++
    else byMessage.set(i.message, { first: i, more: 0 })
  }
  const lines = [...byMessage.values()].map(({ first, more }) =>
    more ? `${formatIssue(first)} (and ${more.toLocaleString('en')} more places)` : formatIssue(first),
  )
  if (lines.length <= max) return lines
  return [...lines.slice(0, max), `… and ${(lines.length - max).toLocaleString('en')} more problems`]
}
