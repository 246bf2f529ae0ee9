/**
 * Graph document + analysis → React Flow nodes and edges. Shapes, counts and error messages
 * come from the engine's analysis; nothing is computed here. An open block instance becomes a
 * group node whose children are its inner nodes, with ids equal to their flattened ids
 * ("stage2/res1/conv1"), so the analysis describes them directly.
 */
import type { Edge, Node } from '@xyflow/react'
import type { Analysis } from '../../../engine/graph/analyze'
import type { GraphDoc, GraphEdge, GraphNode } from '../../../engine/graph/schema'
import { getLayer } from '../../../engine/layers'
import { innerLevel, type InnerLevel } from '../store/block-ops'
import { edgeKey } from '../store/doc-ops'
import { layeredPositions } from './layout'

export interface LayerNodeData extends Record<string, unknown> {
  type: string
  /** The node's own name (UNet++'s "X(1,2) 64"), shown in place of its id. */
  label?: string
  category: string
  keyParams: string
  shape: string | null
  params: number
  /** Weights that training leaves as they are (the node, or layers inside a block, frozen). */
  frozen: number
  error: string | null
  hasInputs: boolean
  /** Block instances: drawn open or closed, and the ×n of a repeated one. */
  block?: { expanded: boolean; repeat: number | null; path: string }
  /**
   * Top-level nodes are drawn this much further along the flow (lower, or further right) to make
   * room for open blocks before them.
   */
  shift?: number
}

export const fmtShape = (s: number[] | null | undefined) => (s ? `${s.join('×')}` : '?')

/** Estimated size of a closed node, for laying out the inside of open blocks. */
export const NODE_W = 180
export const NODE_H = 90
const PAD = 20
const HEADER = 40

/** A list as the node shows it: an operator's constant can hold thousands of numbers. */
function listText(v: unknown[]): string {
  const item = (x: unknown) =>
    typeof x === 'number' && !Number.isInteger(x) ? String(Number(x.toPrecision(3))) : String(x)
  return v.length > 6 ? `${v.slice(0, 4).map(item).join('×')}…(${v.length})` : v.map(item).join('×')
}

function keyParams(params: Record<string, unknown> | undefined): string {
  return Object.entries(params ?? {})
    .slice(0, 3)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? listText(v) : String(v)}`)
    .join(' ')
}

const repeatOf = (n: GraphNode): number | null =>
  typeof n.repeat === 'number' ? n.repeat : typeof n.repeat === 'boolean' ? Number(n.repeat) : null

/** Per-path lookups built once per analysis: shapes, parameter totals of every prefix, first errors. */
function indexAnalysis(analysis: Analysis) {
  const shapes = new Map<string, number[]>()
  const params = new Map<string, number>()
  const frozen = new Map<string, number>()
  const errors = new Map<string, string>()
  for (const n of analysis.order) {
    shapes.set(n.id, n.outputShape)
    // a block instance counts everything inside it, at every level of nesting
    for (let i = n.id.indexOf('/'); i !== -1; i = n.id.indexOf('/', i + 1)) {
      const p = n.id.slice(0, i)
      params.set(p, (params.get(p) ?? 0) + n.trainableParams)
      if (n.frozenParams) frozen.set(p, (frozen.get(p) ?? 0) + n.frozenParams)
    }
    params.set(n.id, n.trainableParams)
    if (n.frozenParams) frozen.set(n.id, n.frozenParams)
  }
  for (const e of analysis.errors) {
    if (!e.nodeId) continue
    const parts = e.nodeId.split('/')
    for (let i = 1; i <= parts.length; i++) {
      const p = parts.slice(0, i).join('/')
      if (!errors.has(p)) errors.set(p, e.message)
    }
  }
  const shapeOf = (path: string, port?: string): number[] | null => {
    const outs = analysis.flat.blockOutputs.get(path)
    const producer = outs ? (port ? outs[port] : Object.values(outs)[0]) : path
    return producer ? (shapes.get(producer) ?? null) : null
  }
  return { shapeOf, params, frozen, errors }
}

interface Part {
  nodes: Node<LayerNodeData>[]
  w: number
  h: number
}

export function toFlow(
  doc: GraphDoc,
  analysis: Analysis,
  selected: string[],
  expanded: ReadonlySet<string> = new Set(),
  direction: 'down' | 'right' = 'down',
): { nodes: Node<LayerNodeData>[]; edges: Edge[] } {
  const down = direction === 'down'
  const { shapeOf, params, frozen, errors } = indexAnalysis(analysis)
  const picked = new Set(selected)
  const opened = new Map<string, InnerLevel>()

  const dataOf = (n: GraphNode, path: string, open: boolean): LayerNodeData => {
    const def = getLayer(n.type)
    const isBlock = n.type === 'Block'
    return {
      type: isBlock ? `${n.block ?? 'Block'}` : n.type,
      ...(n.label ? { label: n.label } : {}),
      category: isBlock ? 'block' : (def?.category ?? 'core'),
      keyParams: keyParams(n.params),
      shape: shapeOf(path) ? fmtShape(shapeOf(path)) : null,
      params: params.get(path) ?? 0,
      frozen: frozen.get(path) ?? 0,
      error: errors.get(path) ?? null,
      hasInputs: isBlock || (def?.inputs[1] ?? 1) > 0,
      ...(isBlock ? { block: { expanded: open, repeat: repeatOf(n), path } } : {}),
    }
  }

  const build = (n: GraphNode, path: string, parent: string | undefined): Part => {
    const inner = n.type === 'Block' && expanded.has(path) ? innerLevel(doc, n, path) : null
    const top = parent === undefined
    if (!inner?.ok) {
      const node: Node<LayerNodeData> = {
        id: path,
        type: 'layer',
        position: { x: 0, y: 0 },
        selected: picked.has(path),
        data: dataOf(n, path, false),
        ...(top ? {} : { parentId: parent, draggable: false, deletable: false, connectable: false }),
      }
      return { nodes: [node], w: NODE_W, h: NODE_H }
    }
    const level = inner.level
    opened.set(path, level)
    const parts = level.nodes.map((c) => ({ id: c.id, part: build(c, `${path}/${c.id}`, path) }))
    const lay = layeredPositions(
      parts.map((p) => ({ id: p.id, w: p.part.w, h: p.part.h })),
      level.edges,
      undefined,
      direction,
    )
    for (const p of parts) {
      const at = lay.positions.get(p.id)!
      p.part.nodes[0].position = { x: PAD + at.x, y: HEADER + at.y }
    }
    const w = Math.max(NODE_W, lay.width) + 2 * PAD
    const h = HEADER + lay.height + PAD
    const group: Node<LayerNodeData> = {
      id: path,
      type: 'blockGroup',
      position: { x: 0, y: 0 },
      selected: picked.has(path),
      style: { width: w, height: h },
      data: dataOf(n, path, true),
      ...(top ? {} : { parentId: parent, draggable: false, deletable: false, connectable: false }),
    }
    return { nodes: [group, ...parts.flatMap((p) => p.part.nodes)], w, h }
  }

  const tops = doc.nodes.map((n, i) => {
    const part = build(n, n.id, undefined)
    part.nodes[0].position = n.position ?? { x: 0, y: i * 110 }
    return part
  })
  // open blocks grow along the flow: push what lies after each one on by what it grew
  const at = (p: Part) => (down ? p.nodes[0].position.y : p.nodes[0].position.x)
  const growth = tops
    .map((p) => ({ at: at(p), extra: down ? p.h - NODE_H : p.w - NODE_W }))
    .filter((g) => g.extra > 0)
  if (growth.length)
    for (const p of tops) {
      const from = at(p)
      const shift = growth.reduce((a, g) => (from > g.at ? a + g.extra : a), 0)
      if (shift) {
        const { x, y } = p.nodes[0].position
        p.nodes[0].position = down ? { x, y: y + shift } : { x: x + shift, y }
        p.nodes[0].data.shift = shift
      }
    }
  const nodes = tops.flatMap((p) => p.nodes)
  return { nodes, edges: buildEdges(doc, analysis, opened, shapeOf) }
}

/** Wires between what is visible: an edge to an open block goes to the inner nodes its port feeds. */
function buildEdges(
  doc: GraphDoc,
  analysis: Analysis,
  opened: Map<string, InnerLevel>,
  shapeOf: (path: string, port?: string) => number[] | null,
): Edge[] {
  const producer = (path: string, port: string | undefined): string => {
    const lvl = opened.get(path)
    if (!lvl) return path
    const p = port ?? lvl.def.outputs[0]
    const e = lvl.edges.find((x) => x.target === '@' + p)
    // a pass-through port (a repeat of 0) has no inner producer: the group itself stands in
    if (!e || e.source.startsWith('@')) return path
    return producer(`${path}/${e.source}`, e.sourcePort)
  }
  const consumers = (path: string, port: string | undefined): string[] => {
    const lvl = opened.get(path)
    if (!lvl) return [path]
    const p = port ?? lvl.def.inputs[0]
    const fed = lvl.edges.filter((x) => x.source === '@' + p)
    if (!fed.length) return [path]
    return fed.flatMap((x) =>
      x.target.startsWith('@') ? [path] : consumers(`${path}/${x.target}`, x.targetPort),
    )
  }
  const broken = new Set(analysis.errors.flatMap((x) => (x.edgeId ? [x.edgeId] : [])))
  const edges: Edge[] = []
  const level = (levelEdges: GraphEdge[], prefix: string) =>
    levelEdges.forEach((e, i) => {
      if (e.source.startsWith('@') || e.target.startsWith('@')) return
      const key = prefix + edgeKey(e, i)
      const s = producer(prefix + e.source, e.sourcePort)
      const label = fmtShape(shapeOf(prefix + e.source, e.sourcePort))
      const targets = consumers(prefix + e.target, e.targetPort)
      for (const t of targets)
        edges.push({
          // a document edge keeps its own key (deleting it deletes that edge); fanned-out
          // copies into an open block get the key plus where they land
          id:
            targets.length === 1 && t === prefix + e.target && s === prefix + e.source
              ? key
              : `${key}::${s}->${t}`,
          source: s,
          target: t,
          label,
          className: broken.has(key) ? 'edge-error' : undefined,
          deletable: prefix === '',
          animated: false,
        })
    })
  level(doc.edges, '')
  for (const [path, lvl] of opened) level(lvl.edges, path + '/')
  return edges
}

/** The document edge key behind a canvas edge id (see buildEdges). */
export const docEdgeKey = (flowEdgeId: string) => flowEdgeId.split('::')[0]
