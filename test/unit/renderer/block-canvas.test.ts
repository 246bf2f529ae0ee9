import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { analyze } from '../../../engine/graph/analyze'
import { parseGraph } from '../../../engine/graph/parse'
import type { GraphDoc } from '../../../engine/graph/schema'
import { layeredPositions } from '../../../renderer/src/canvas/layout'
import { keepUnchanged } from '../../../renderer/src/canvas/stable-nodes'
import { docEdgeKey, toFlow } from '../../../renderer/src/canvas/adapters'
import { setParam } from '../../../renderer/src/store/doc-ops'
import { instancePaths } from '../../../renderer/src/store/block-ops'
import { redo, undo, useBlockView, useGraph } from '../../../renderer/src/store/graph'
import { groupIntoBlock } from '../../../renderer/src/store/block-ops'

function preset(name: string): GraphDoc {
  const r = parseGraph(JSON.parse(readFileSync(`presets/${name}.json`, 'utf8')))
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '))
  return r.doc
}

const flowOf = (doc: GraphDoc, open: string[]) => toFlow(doc, analyze(doc), [], new Set(open))

describe('blocks on the canvas', () => {
  it('draws a closed block as one node with its name, output shape and parameter total', () => {
    const d = preset('resnet18')
    const f = flowOf(d, [])
    const stage3 = f.nodes.find((n) => n.id === 'stage3')!
    expect(stage3.type).toBe('layer')
    expect(stage3.data).toMatchObject({
      type: 'stage',
      shape: '12×12×128',
      params: analyze(d).summary.get('stage3')!.trainableParams,
      block: { expanded: false, repeat: null, path: 'stage3' },
    })
    expect(f.nodes.some((n) => n.id.includes('/'))).toBe(false)
  })

  it('opens blocks level by level: children inside a group, with the shapes of their flat layers', () => {
    const d = preset('resnet18')
    const one = flowOf(d, ['stage3'])
    const group = one.nodes.find((n) => n.id === 'stage3')!
    expect(group.type).toBe('blockGroup')
    const kids = one.nodes.filter((n) => n.parentId === 'stage3')
    expect(kids.map((n) => n.id)).toEqual(['stage3/res1', 'stage3/res2'])
    expect(kids.every((n) => n.type === 'layer' && n.draggable === false)).toBe(true)
    // the parent comes before its children, as React Flow requires
    expect(one.nodes.indexOf(group)).toBeLessThan(one.nodes.indexOf(kids[0]))
    // the wire into the block lands on the first inner node, the wire out leaves the last
    expect(one.edges.map((e) => [e.source, e.target])).toEqual(
      expect.arrayContaining([
        ['stage2', 'stage3/res1'],
        ['stage3/res2', 'stage4'],
        ['stage3/res1', 'stage3/res2'],
      ]),
    )

    // the 1×1 shortcut is a repeat of 1, so it opens to one numbered copy
    const two = flowOf(d, ['stage3', 'stage3/res1', 'stage3/res1/shortcut', 'stage3/res1/shortcut/1'])
    const conv = two.nodes.find((n) => n.id === 'stage3/res1/conv1')!
    expect(conv).toMatchObject({ parentId: 'stage3/res1', data: { type: 'Conv2D', shape: '12×12×128' } })
    expect(conv.data.keyParams).toContain('filters=128')
    expect(two.nodes.find((n) => n.id === 'stage3/res1/shortcut/1/conv')!.data.shape).toBe('12×12×128')
    // the input fans out to both branches of the residual block
    const fromStage2 = two.edges.filter((e) => e.source === 'stage2').map((e) => e.target)
    expect(fromStage2).toEqual(['stage3/res1/conv1', 'stage3/res1/shortcut/1/conv'])
    // fanned-out copies still name the document edge they stand for
    expect(new Set(two.edges.filter((e) => e.source === 'stage2').map((e) => docEdgeKey(e.id))).size).toBe(1)
    // a nested group is at least as large as what it holds
    const outer = two.nodes.find((n) => n.id === 'stage3')!
    const inner = two.nodes.find((n) => n.id === 'stage3/res1')!
    expect(Number(outer.style!.height)).toBeGreaterThan(Number(inner.style!.height))
  })

  it('shows ×n on a repeated block and its n copies when opened', () => {
    const d = preset('densenet')
    const closed = flowOf(d, ['dense1'])
    expect(closed.nodes.find((n) => n.id === 'dense1/conv')!.data.block).toMatchObject({ repeat: 4 })
    const open = flowOf(d, ['dense1', 'dense1/conv'])
    expect(open.nodes.filter((n) => n.parentId === 'dense1/conv').map((n) => n.id)).toEqual([
      'dense1/conv/1',
      'dense1/conv/2',
      'dense1/conv/3',
      'dense1/conv/4',
    ])
    expect(open.nodes.find((n) => n.id === 'dense1/conv/4')!.data.shape).toBe('24×24×192')
  })

  it('pushes the nodes below an open block down, and remembers by how much', () => {
    const d = preset('resnet18')
    const closed = flowOf(d, []).nodes.find((n) => n.id === 'gap')!
    const open = flowOf(d, ['stage3']).nodes.find((n) => n.id === 'gap')!
    expect(open.data.shift).toBeGreaterThan(0)
    expect(open.position.y - open.data.shift!).toBe(closed.position.y)
  })

  it('expands a thousand-layer DenseNet completely', () => {
    let d = preset('densenet')
    for (const b of ['dense1', 'dense2', 'dense3', 'dense4']) d = setParam(d, b, 'convs', 64)
    const f = flowOf(d, instancePaths(d))
    const layers = f.nodes.filter((n) => n.type === 'layer')
    expect(layers.length).toBeGreaterThanOrEqual(1000)
    expect(layers.every((n) => n.data.block === undefined)).toBe(true)
    expect(new Set(f.nodes.map((n) => n.id)).size).toBe(f.nodes.length)
  })
})

describe('canvas helpers', () => {
  it('lays the inside of a block out in rows by depth', () => {
    const box = (id: string) => ({ id, w: 100, h: 50 })
    const l = layeredPositions(
      [box('a'), box('b'), box('c'), box('d')],
      [
        { source: 'a', target: 'b' },
        { source: 'a', target: 'c' },
        { source: 'b', target: 'd' },
        { source: 'c', target: 'd' },
      ],
    )
    expect(l.positions.get('b')!.y).toBe(l.positions.get('c')!.y)
    expect(l.positions.get('d')!.y).toBeGreaterThan(l.positions.get('b')!.y)
    expect(l.width).toBe(230)
  })

  it('keeps the objects of unchanged nodes, so React Flow skips them', () => {
    const d = preset('lenet')
    const before = toFlow(d, analyze(d), []).nodes
    const edited = setParam(d, 'fc3', 'units', 5)
    const after = keepUnchanged(before, toFlow(edited, analyze(edited), []).nodes)
    const changed = after.filter((n, i) => n !== before[i]).map((n) => n.id)
    expect(changed).toEqual(['fc3'])
  })
})

describe('undo across blocks', () => {
  it('undoes and redoes a grouping while open blocks stay a view setting', () => {
    const d = preset('lenet')
    useGraph.getState().load(d)
    const r = groupIntoBlock(d, ['conv1', 'sig1', 'pool1'], 'stem')
    if (!r.ok) throw new Error(r.message)
    useGraph.getState().apply(() => r.doc)
    useBlockView.getState().toggle(r.id)
    undo()
    expect(useGraph.getState().doc.blocks.stem).toBeUndefined()
    expect(useGraph.getState().doc.nodes.some((n) => n.id === 'conv1')).toBe(true)
    // the open state is not history: it is still there, and applies again after redo
    expect(useBlockView.getState().expanded.has(r.id)).toBe(true)
    redo()
    expect(useGraph.getState().doc).toBe(r.doc)
  })
})
