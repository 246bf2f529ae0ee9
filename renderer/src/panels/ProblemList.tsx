import { useReactFlow } from '@xyflow/react'
import { useTranslation } from 'react-i18next'
import type { GraphIssue } from '../../../engine/graph/issues'
import { useAnalysis } from '../store/analysis'
import { useGraph } from '../store/graph'

/** The canvas shows top-level nodes: a problem inside a block points at the block instance. */
const topLevel = (nodeId: string) => nodeId.split('/', 1)[0]

/**
 * Every problem the analysis found, each with its message: the ones on a node select it and
 * bring it into view; graph-level ones (no Input, no output, too many parameters) say so.
 */
export function ProblemList({ limit }: { limit?: number }) {
  const { t } = useTranslation()
  const { errors, warnings } = useAnalysis()
  const select = useGraph((s) => s.select)
  const rf = useReactFlow()
  const all: GraphIssue[] = [...errors, ...warnings]
  if (!all.length) return null
  const shown = limit ? all.slice(0, limit) : all
  const show = (nodeId: string) => {
    const id = topLevel(nodeId)
    select([id])
    void rf.fitView({ nodes: [{ id }], maxZoom: 1, duration: 200 })
  }
  return (
    <div className="problems" data-testid="problems">
      <p className="error-text">{t('summary.errors', { count: errors.length })}</p>
      <ul>
        {shown.map((p, i) => (
          <li
            key={i}
            className={p.severity === 'error' ? 'error-text' : 'warning-text'}
            data-testid="problem"
          >
            {p.nodeId ? (
              <>
                <button className="link" data-testid="problem-node" onClick={() => show(p.nodeId!)}>
                  {p.nodeId}
                </button>
                :
              </>
            ) : (
              <span className="problem-where">{t('problems.graph')}</span>
            )}{' '}
            {p.field && <code>{p.field}</code>} {p.message}
          </li>
        ))}
      </ul>
      {shown.length < all.length && <p>{t('problems.more', { count: all.length - shown.length })}</p>}
    </div>
  )
}
