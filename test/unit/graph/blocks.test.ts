import { describe, expect, it } from 'vitest'
import { analyze } from '../../../engine/graph/analyze'
import { parseGraph } from '../../../engine/graph/parse'
import type { GraphDocInput } from '../../../engine/graph/schema'

const mlpBlock = {
  params: { width: 8 },
  nodes: [
    { id: 'fc1', type: 'Dense', params: { units: '$width', activation: 'relu' } },
    { id: 'fc2', type: 'Dense', params: { units: '$width' } },
  ],
  edges: [
    { source: '@in', target: 'fc1' },
    { source: 'fc1', target: 'fc2' },
    { source: 'fc2', target: '@out' },
  ],
}

function graph(blocks: GraphDocInput['blocks'], nodes: GraphDocInput['nodes'], edges: [string, string][]) {
  const p = parseGraph({
    format: 'deepwire-graph',
    version: 2,
    blocks,
    nodes: [{ id: 'in', type: 'Input', params: { shape: [4] } }, ...nodes],
    edges: edges.map(([source, target]) => ({ source, target })),
  })
  if (!p.ok) throw new Error(p.errors[0].message)
  return analyze(p.doc)
}

describe('blocks', () => {
  it('flattens a block with parameters and sums its counts on the instance', () => {
    const a = graph(
      { mlp: mlpBlock },
      [
        { id: 'b1', type: 'Block', block: 'mlp', params: { width: 16 } },
        { id: 'out', type: 'Dense', params: { units: 2 } },
      ],
      [
        ['in', 'b1'],
        ['b1', 'out'],
      ],
    )
    expect(a.errors).toEqual([])
    expect(a.order.map((n) => n.id)).toEqual(['in', 'b1/fc1', 'b1/fc2', 'out'])
    expect(a.summary.get('b1')).toMatchObject({
      outputShape: [16],
      trainableParams: 4 * 16 + 16 + 16 * 16 + 16,
    })
    expect(a.totals.trainableParams).toBe(80 + 272 + 34)
  })

  it('nests blocks and uses block defaults', () => {
    const outer = {
      params: { width: 4 },
      nodes: [
        { id: 'inner1', type: 'Block', block: 'mlp', params: { width: '$width' } },
        { id: 'inner2', type: 'Block', block: 'mlp' },
      ],
      edges: [
        { source: '@in', target: 'inner1' },
        { source: 'inner1', target: 'inner2' },
        { source: 'inner2', target: '@out' },
      ],
    }
    const a = graph({ mlp: mlpBlock, outer }, [{ id: 'o', type: 'Block', block: 'outer' }], [['in', 'o']])
    expect(a.errors).toEqual([])
    expect(a.order.map((n) => n.id)).toEqual([
      'in',
      'o/inner1/fc1',
      'o/inner1/fc2',
      'o/inner2/fc1',
      'o/inner2/fc2',
    ])
    expect(a.order.find((n) => n.id === 'o/inner1/fc1')!.outputShape).toEqual([4])
    expect(a.order.find((n) => n.id === 'o/inner2/fc1')!.outputShape).toEqual([8])
    expect(a.outputs).toEqual(['o/inner2/fc2'])
  })

  it('refuses a block that contains itself', () => {
    const loop = {
      nodes: [{ id: 'x', type: 'Block', block: 'loop' }],
      edges: [
        { source: '@in', target: 'x' },
        { source: 'x', target: '@out' },
      ],
    }
    const a = graph({ loop }, [{ id: 'b', type: 'Block', block: 'loop' }], [['in', 'b']])
    expect(a.errors.map((e) => e.message).join()).toMatch(/contains itself \('loop' → 'loop'\)/)
  })

  it('names unknown blocks, unknown block parameters and undeclared references', () => {
    const a = graph({ mlp: mlpBlock }, [{ id: 'b', type: 'Block', block: 'nope' }], [['in', 'b']])
    expect(a.errors[0]).toMatchObject({ nodeId: 'b', field: 'block' })
    const p = graph(
      { mlp: mlpBlock },
      [{ id: 'b', type: 'Block', block: 'mlp', params: { depth: 3 } }],
      [['in', 'b']],
    )
    expect(p.errors[0]).toMatchObject({ nodeId: 'b', field: 'depth' })
    const ref = { ...mlpBlock, params: {} }
    const r = graph({ ref }, [{ id: 'b', type: 'Block', block: 'ref' }], [['in', 'b']])
    expect(r.errors[0]).toMatchObject({ nodeId: 'b/fc1', field: 'units' })
    expect(r.errors[0].message).toMatch(/'width'/)
  })

  it('reports an unconnected block port', () => {
    const a = graph({ mlp: mlpBlock }, [{ id: 'b', type: 'Block', block: 'mlp' }], [])
    expect(a.ok).toBe(false)
    expect(a.errors.some((e) => e.nodeId === 'b' && /port 'in' has 0 connections/.test(e.message))).toBe(true)
  })

  it('refuses @port references outside blocks', () => {
    const a = graph({}, [{ id: 'd', type: 'Dense', params: { units: 2 } }], [['@in', 'd']])
    expect(a.errors.map((e) => e.message).join()).toMatch(/only allowed inside a block/)
  })
})
