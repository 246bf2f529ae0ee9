import { err, type GraphIssue } from './issues'
import { migrate } from './migrate'
import { graphSchema, PROTO_KEY, type GraphDoc } from './schema'

/**
 * Turns untrusted JSON (a file, an IPC payload) into a GraphDoc: migrate, then validate the
 * document's structure. Layer-level checks happen in analyze().
 */
export function parseGraph(
  input: unknown,
): { ok: true; doc: GraphDoc } | { ok: false; errors: GraphIssue[] } {
  const m = migrate(input)
  if (!m.ok) return { ok: false, errors: [err(`The graph document ${m.message}`)] }
  const r = graphSchema.safeParse(m.doc)
  if (r.success) return { ok: true, doc: r.data }
  const raw = m.doc as { nodes?: { id?: unknown }[]; edges?: { id?: unknown }[] }
  return {
    ok: false,
    errors: r.error.issues.map((issue) => {
      // a record key's own problem ("is longer than 100 characters") says more than zod's summary
      const i =
        issue.code === 'invalid_key' && issue.issues[0]
          ? { ...issue, message: `the name ${issue.issues[0].message}` }
          : issue
      const [head, index, ...rest] = i.path
      // name the node or edge by its id when the path points into one
      if (head === 'nodes' && typeof index === 'number') {
        const nodeId = raw.nodes?.[index]?.id
        return err(i.message, {
          ...(typeof nodeId === 'string' ? { nodeId } : {}),
          field: rest.length ? rest.join('.') : `nodes[${index}]`,
        })
      }
      if (head === 'edges' && typeof index === 'number') {
        const edgeId = raw.edges?.[index]?.id
        return err(i.message, {
          edgeId: typeof edgeId === 'string' ? edgeId : `#${index}`,
          ...(rest.length ? { field: rest.join('.') } : {}),
        })
      }
      return err(i.message, {
        field: i.path.map((p) => (p === PROTO_KEY ? '__proto__' : String(p))).join('.') || 'document',
      })
    }),
  }
}
