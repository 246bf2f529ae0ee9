import ELK, { type ElkNode } from 'elkjs/lib/elk-api.js'
import type { GraphDoc } from '../../../engine/graph/schema'
import { DEFAULT_SIZE } from './free-spot'
import { hintedLayout, rankGap, usesHints } from './hinted-layout'

type Elk = InstanceType<typeof ELK>

interface LayoutWorker {
  elk: Elk
  /** Rejects when the worker dies (its script blocked or broken); never resolves. */
  failed: Promise<never>
  dead: boolean
}
/**
 * elk in a Web Worker, so laying out a thousand nodes (seconds of work) leaves the canvas
 * responsive. One worker is kept for the session; null once it failed to start (no Worker, a
 * blocked script), after which layouts run in this thread.
 */
let worker: LayoutWorker | null | undefined

function startWorker(): LayoutWorker | null {
  try {
    const w = new Worker(new URL('./elk.worker.ts', import.meta.url), { type: 'module', name: 'elk-layout' })
    // elk-api never settles a layout when its worker dies, so a start failure is raced against it
    const lw: LayoutWorker = { elk: new ELK({ workerFactory: () => w }), failed: null!, dead: false }
    lw.failed = new Promise<never>((_, reject) =>
      w.addEventListener('error', (e) => {
        lw.dead = true
        reject(new Error(e.message || 'the layout worker failed to start'))
      }),
    )
    lw.failed.catch(() => undefined)
    return lw
  } catch {
    return null
  }
}

let inThread: Promise<Elk> | undefined
const threadElk = () =>
  (inThread ??= import('elkjs/lib/elk.bundled.js').then((m) => new m.default() as unknown as Elk))

async function runLayout(graph: ElkNode): Promise<ElkNode> {
  if (worker === undefined) worker = typeof Worker === 'undefined' ? null : startWorker()
  const w = worker
  if (w)
    try {
      return await Promise.race([w.elk.layout(graph), w.failed])
    } catch (e) {
      // elk's own refusal of the graph is an answer; only a dead worker means "try here instead"
      if (w.dead) {
        w.elk.terminateWorker()
        if (worker === w) worker = null
        console.warn(`auto-layout runs in the page: ${(e as Error).message}`)
      } else throw e
    }
  return (await threadElk()).layout(graph)
}

/**
 * Layered layout of the document's nodes (elkjs), top to bottom or left to right, as positions. `sizes`
 * are the nodes as drawn (a node showing an error is taller and wider than a plain one); a node
 * without one is taken at DEFAULT_SIZE. Nodes on no edge are placed apart like any other. A graph
 * drawn by its own layout hints (a preset's U or grid) is laid out by them instead (hinted-layout.ts).
 */
export async function autoLayout(
  doc: GraphDoc,
  sizes: ReadonlyMap<string, { w: number; h: number }> = new Map(),
  direction: 'down' | 'right' = 'down',
): Promise<Record<string, { x: number; y: number }>> {
  if (usesHints(doc)) return hintedLayout(doc, sizes, direction)
  const result = await runLayout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': direction === 'right' ? 'RIGHT' : 'DOWN',
      'elk.spacing.nodeNode': '40',
      'elk.layered.spacing.nodeNodeBetweenLayers': String(rankGap(direction)),
    },
    children: doc.nodes.map((n) => {
      const size = sizes.get(n.id) ?? DEFAULT_SIZE
      return { id: n.id, width: size.w, height: size.h }
    }),
    edges: doc.edges.map((e, i) => ({ id: `e${i}`, sources: [e.source], targets: [e.target] })),
  })
  return Object.fromEntries((result.children ?? []).map((c) => [c.id, { x: c.x ?? 0, y: c.y ?? 0 }]))
}

export interface Box {
  id: string
  w: number
  h: number
}

/**
 * Synchronous layered layout for the inside of an open block: ranks by longest path from the
 * block's inputs (parallel branches share a rank, side by side; their merge comes after them),
 * each rank centred across the flow, which runs down or right like the rest of the canvas. Blocks
 * are small and opened often, so this runs on every render instead of waiting for elk; edges
 * touching nodes not listed are ignored.
 */
export function layeredPositions(
  boxes: Box[],
  edges: { source: string; target: string }[],
  gap: { along?: number; across: number } = { across: 30 },
  direction: 'down' | 'right' = 'down',
): { positions: Map<string, { x: number; y: number }>; width: number; height: number } {
  const ids = new Set(boxes.map((b) => b.id))
  const preds = new Map<string, string[]>()
  for (const e of edges)
    if (ids.has(e.source) && ids.has(e.target))
      preds.set(e.target, [...(preds.get(e.target) ?? []), e.source])
  const depth = new Map<string, number>()
  const visiting = new Set<string>()
  const depthOf = (id: string): number => {
    const known = depth.get(id)
    if (known !== undefined) return known
    if (visiting.has(id)) return 0 // a cycle (reported by analyze) must not hang the canvas
    visiting.add(id)
    const d = Math.max(-1, ...(preds.get(id) ?? []).map(depthOf)) + 1
    visiting.delete(id)
    depth.set(id, d)
    return d
  }
  const down = direction === 'down'
  const gapAlong = gap.along ?? rankGap(direction)
  const along = (b: Box) => (down ? b.h : b.w)
  const across = (b: Box) => (down ? b.w : b.h)
  const ranks: Box[][] = []
  for (const b of boxes) (ranks[depthOf(b.id)] ??= []).push(b)
  const rankAcross = (r: Box[]) => r.reduce((a, b) => a + across(b), 0) + gap.across * (r.length - 1)
  const wide = Math.max(0, ...ranks.map((r) => (r ? rankAcross(r) : 0)))
  const positions = new Map<string, { x: number; y: number }>()
  let a = 0
  for (const r of ranks) {
    if (!r) continue
    let c = (wide - rankAcross(r)) / 2
    for (const b of r) {
      positions.set(b.id, down ? { x: c, y: a } : { x: a, y: c })
      c += across(b) + gap.across
    }
    a += Math.max(...r.map(along)) + gapAlong
  }
  const long = Math.max(0, a - gapAlong)
  return { positions, width: down ? wide : long, height: down ? long : wide }
}
