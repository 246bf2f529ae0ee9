/**
 * The block `repeat` extension the vision presets use: VGG's "n convolutions", DenseNet's "n conv
 * blocks" and ResNet's optional 1×1 shortcut (repeat false = pass-through).
 */
import { describe, expect, it } from 'vitest'
import { analyze } from '../../../engine/graph/analyze'
import { parseGraph } from '../../../engine/graph/parse'
import type { GraphDocInput } from '../../../engine/graph/schema'

const dense = {
  params: { width: 8 },
  nodes: [{ id: 'fc', type: 'Dense', params: { units: '$width' } }],
  edges: [
    { source: '@in', target: 'fc' },
    { source: 'fc', target: '@out' },
  ],
}

// a block that repeats another by its own parameter, and one that may skip it
const stack = {
  params: { depth: 2, width: 8 },
  nodes: [{ id: 'layers', type: 'Block', block: 'dense', repeat: '$depth', params: { width: '$width' } }],
  edges: [
    { source: '@in', target: 'layers' },
    { source: 'layers', target: '@out' },
  ],
}

function run(nodes: GraphDocInput['nodes'], blocks: GraphDocInput['blocks'] = { dense, stack }) {
  const p = parseGraph({
    format: 'deepwire-graph',
    version: 2,
    blocks,
    nodes: [{ id: 'in', type: 'Input', params: { shape: [4] } }, ...nodes],
    edges: nodes.map((n, i) => ({ source: i ? nodes[i - 1].id : 'in', target: n.id })),
  })
  if (!p.ok) throw new Error(p.errors[0].message)
  return analyze(p.doc)
}

describe('block repeat', () => {
  it('chains copies of a block, named by their position', () => {
    const a = run([{ id: 'b', type: 'Block', block: 'dense', repeat: 3, params: { width: 5 } }])
    expect(a.errors).toEqual([])
    expect(a.order.map((n) => n.id)).toEqual(['in', 'b/1/fc', 'b/2/fc', 'b/3/fc'])
    expect(a.summary.get('b')).toMatchObject({ outputShape: [5], trainableParams: 25 + 30 + 30 })
    expect(a.outputs).toEqual(['b/3/fc'])
  })

  it('takes the count from an enclosing block parameter', () => {
    const a = run([{ id: 's', type: 'Block', block: 'stack', params: { depth: 4, width: 3 } }])
    expect(a.errors).toEqual([])
    expect(a.order.filter((n) => n.type === 'Dense').map((n) => n.id)).toEqual([
      's/layers/1/fc',
      's/layers/2/fc',
      's/layers/3/fc',
      's/layers/4/fc',
    ])
    expect(a.totals.trainableParams).toBe(4 * 3 + 3 + 3 * (3 * 3 + 3))
  })

  it('passes the input straight through for 0 or false, and means one copy for true', () => {
    for (const depth of [0, false]) {
      const a = run([
        { id: 's', type: 'Block', block: 'stack', params: { depth } },
        { id: 'out', type: 'Dense', params: { units: 2 } },
      ])
      expect(a.errors).toEqual([])
      expect(a.order.map((n) => n.id)).toEqual(['in', 'out'])
      expect(a.summary.get('s')).toMatchObject({ outputShape: [4], trainableParams: 0 })
    }
    const one = run([{ id: 's', type: 'Block', block: 'stack', params: { depth: true } }])
    expect(one.order.map((n) => n.id)).toEqual(['in', 's/layers/1/fc'])
  })

  it('names the node and field of unusable counts', () => {
    const bad = run([{ id: 's', type: 'Block', block: 'stack', params: { depth: 2.5 } }])
    expect(bad.errors[0]).toMatchObject({ nodeId: 's/layers', field: 'repeat' })
    expect(bad.errors[0].message).toMatch(/whole number from 0 to 64, not '?2\.5'?/)
    const undeclared = run([{ id: 'b', type: 'Block', block: 'dense', repeat: '$depth' }])
    expect(undeclared.errors[0]).toMatchObject({ nodeId: 'b', field: 'repeat' })
    const notBlock = run([{ id: 'd', type: 'Dense', repeat: 2 }])
    expect(notBlock.errors[0].message).toMatch(/only applies to block instances/)
  })

  it('refuses to repeat a block with several ports', () => {
    const two = { ...dense, inputs: ['a', 'b'] }
    const a = run([{ id: 'b', type: 'Block', block: 'two', repeat: 2 }], { two })
    expect(a.errors.some((e) => e.nodeId === 'b' && /cannot be repeated/.test(e.message))).toBe(true)
  })

  it('is rejected by the document schema outside 0…64', () => {
    const p = parseGraph({
      format: 'deepwire-graph',
      version: 2,
      nodes: [{ id: 'b', type: 'Block', block: 'dense', repeat: 65 }],
      edges: [],
    })
    expect(p.ok).toBe(false)
  })
})
