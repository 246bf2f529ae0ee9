import { describe, expect, it } from 'vitest'
import { analyze } from '../../../engine/graph/analyze'
import { graphSchema } from '../../../engine/graph/schema'
import { int, ints, padding, pairOf } from '../../../engine/layers/params'
import { toFlow } from '../../../renderer/src/canvas/adapters'
import { parseField } from '../../../renderer/src/panels/ParamField'
import {
  addNode,
  connect,
  pasteNodes,
  removeNodes,
  renameNode,
  setParam,
} from '../../../renderer/src/store/doc-ops'
import { EMPTY, redo, undo, useGraph } from '../../../renderer/src/store/graph'

const base = () =>
  graphSchema.parse({
    format: 'deepwire-graph',
    version: 2,
    nodes: [
      { id: 'in', type: 'Input', params: { shape: [4] } },
      { id: 'dense1', type: 'Dense', params: { units: 3 } },
    ],
    edges: [{ source: 'in', target: 'dense1' }],
  })

describe('document edits', () => {
  it('adds nodes with unique ids and connects them', () => {
    const [added, id] = addNode(base(), 'Dense', { x: 0, y: 100 })
    expect(id).toBe('dense2')
    const d = connect(added, 'dense1', id)
    expect(connect(d, 'dense1', id)).toBe(d) // no duplicate edge
    const a = analyze(d)
    expect(a.errors).toEqual([])
    expect(a.summary.get('dense2')!.outputShape).toEqual([64])
  })

  it('renames a node and keeps its edges', () => {
    const d = renameNode(base(), 'dense1', 'head')
    expect(d.edges[0]).toMatchObject({ source: 'in', target: 'head' })
    expect(renameNode(d, 'head', 'in')).toBe(d) // taken
  })

  it('removes nodes with their edges', () => {
    const d = removeNodes(base(), ['dense1'])
    expect(d.nodes.map((n) => n.id)).toEqual(['in'])
    expect(d.edges).toEqual([])
  })

  it('pastes a copy with fresh ids and the edges among the copied nodes', () => {
    const d0 = base()
    const [d, ids] = pasteNodes(d0, d0.nodes, d0.edges)
    expect(ids).toEqual(['in1', 'dense2'])
    expect(d.edges.at(-1)).toMatchObject({ source: 'in1', target: 'dense2' })
    expect(d0.nodes).toHaveLength(2) // input untouched
  })
})

describe('store history', () => {
  it('undoes and redoes document edits', () => {
    useGraph.getState().load(base())
    useGraph.temporal.getState().clear()
    useGraph.getState().apply((d) => setParam(d, 'dense1', 'units', 7))
    useGraph.getState().apply((d) => setParam(d, 'dense1', 'units', 9))
    const units = () => useGraph.getState().doc.nodes[1].params!.units
    expect(units()).toBe(9)
    undo()
    expect(units()).toBe(7)
    undo()
    expect(units()).toBe(3)
    redo()
    expect(units()).toBe(7)
    useGraph.getState().select(['dense1']) // selection is not history
    undo()
    expect(units()).toBe(3)
  })
})

describe('graph → React Flow', () => {
  it('labels edges with shapes and marks invalid nodes with the engine message', () => {
    const d = setParam(base(), 'dense1', 'units', 0)
    const flow = toFlow(d, analyze(d), ['dense1'])
    expect(flow.edges[0].label).toBe('4')
    const dense = flow.nodes.find((n) => n.id === 'dense1')!
    expect(dense.selected).toBe(true)
    expect(dense.data.error).toMatch(/units/)
    expect(dense.data.category).toBe('core')
    const ok = toFlow(base(), analyze(base()), [])
    expect(ok.nodes[1].data).toMatchObject({ shape: '3', params: 15, error: null })
  })

  it('starts from an Input alone, whose only problem is the missing output', () => {
    expect(analyze(EMPTY).errors.map((e) => e.message)).toEqual([
      'the graph has no output: nothing comes after the Input',
    ])
  })
})

describe('inspector fields', () => {
  it('turn typed text into the values the specs expect', () => {
    expect(parseField(int({ default: 1 }), '12')).toBe(12)
    expect(parseField(int({ default: 1 }), 'abc')).toBe('abc') // left for validation to name
    expect(parseField(ints({ default: [1] }), '28, 28, 1')).toEqual([28, 28, 1])
    expect(parseField(pairOf({ default: 3 }), '3')).toBe(3)
    expect(parseField(pairOf({ default: 3 }), '3×5')).toEqual([3, 5])
    expect(parseField(padding(), 'same')).toBe('same')
    expect(parseField(padding(), '2')).toBe(2)
  })
})
