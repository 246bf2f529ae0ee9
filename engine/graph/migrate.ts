/**
 * Upgrades older graph documents to the current version, one step at a time, so files saved
 * by earlier Deepwire builds keep opening.
 *
 * v1 wrote edges as `{ from: "node[:port]", to: "node[:port]" }` and the optimizer as
 * `training.optimizer: "adam"` with a flat `training.lr`; v2 uses React Flow's edge shape
 * (source/sourcePort/target/targetPort) and an optimizer object.
 */
import { GRAPH_VERSION } from './schema'

type Json = Record<string, unknown>

function splitRef(ref: unknown): { node: string; port?: string } {
  const s = String(ref ?? '')
  const i = s.indexOf(':')
  return i < 0 ? { node: s } : { node: s.slice(0, i), port: s.slice(i + 1) }
}

function v1EdgesToV2(edges: unknown): unknown {
  if (!Array.isArray(edges)) return edges
  return edges.map((e: Json) => {
    if (!e || typeof e !== 'object' || !('from' in e)) return e
    const from = splitRef(e.from)
    const to = splitRef(e.to)
    return {
      ...(e.id ? { id: e.id } : {}),
      source: from.node,
      ...(from.port ? { sourcePort: from.port } : {}),
      target: to.node,
      ...(to.port ? { targetPort: to.port } : {}),
    }
  })
}

const steps: Record<number, (doc: Json) => Json> = {
  1: (doc) => {
    const training = { ...((doc.training as Json) ?? {}) }
    if (typeof training.optimizer === 'string') {
      training.optimizer = {
        type: training.optimizer,
        ...(training.lr !== undefined ? { lr: training.lr } : {}),
      }
      delete training.lr
    }
    const blocks = Object.fromEntries(
      Object.entries((doc.blocks as Record<string, Json>) ?? {}).map(([k, b]) => [
        k,
        { ...b, edges: v1EdgesToV2(b.edges) },
      ]),
    )
    return { ...doc, version: 2, edges: v1EdgesToV2(doc.edges), blocks, training }
  },
}

/** Returns the document upgraded to GRAPH_VERSION, or an error sentence. */
export function migrate(doc: unknown): { ok: true; doc: Json } | { ok: false; message: string } {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc))
    return { ok: false, message: 'is not a JSON object' }
  let d = doc as Json
  const v = d.version
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1)
    return { ok: false, message: `has no valid 'version' (found ${JSON.stringify(v)})` }
  if (v > GRAPH_VERSION)
    return {
      ok: false,
      message: `was written by a newer Deepwire (graph version ${v}; this build reads up to ${GRAPH_VERSION})`,
    }
  while ((d.version as number) < GRAPH_VERSION) d = steps[d.version as number](d)
  return { ok: true, doc: d }
}
