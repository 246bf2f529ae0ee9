import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { analyze } from '../../../engine/graph/analyze'
import { parseGraph } from '../../../engine/graph/parse'
import type { GraphDoc } from '../../../engine/graph/schema'
import {
  blockUses,
  renameInner,
  resolveInner,
  setInnerParam,
  updateInnerNode,
} from '../../../renderer/src/store/block-edit'
import { useGraph, undo } from '../../../renderer/src/store/graph'

function preset(name: string): GraphDoc {
  const r = parseGraph(JSON.parse(readFileSync(`presets/${name}.json`, 'utf8')))
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '))
  return r.doc
}

const total = (d: GraphDoc) => {
  const a = analyze(d)
  if (!a.ok) throw new Error(a.errors.map((e) => e.message).join('; '))
  return a.order.reduce((s, n) => s + n.trainableParams, 0)
}

const ok = <T extends { ok: boolean }>(r: T) => {
  if (!r.ok) throw new Error((r as unknown as { message: string }).message)
  return r as Extract<T, { ok: true }>
}

describe('resolveInner', () => {
  const resnet = preset('resnet18')

  it('finds the definition node behind a flattened path, with its values as that instance sees them', () => {
    const t = ok(resolveInner(resnet, 'stage3/res1/conv1')).target
    expect(t.block).toBe('residual')
    expect(t.nodeId).toBe('conv1')
    expect(t.node.params).toMatchObject({ filters: '$channels', kernelSize: 3, strides: '$strides' })
    expect(t.resolved.params).toMatchObject({ filters: 128, kernelSize: 3, strides: 2 })
    // the same definition node seen from another instance has that instance's values
    expect(ok(resolveInner(resnet, 'stage5/res2/conv1')).target.resolved.params).toMatchObject({
      filters: 512,
      strides: 1,
    })
    expect(ok(resolveInner(resnet, 'stage2/res1')).target).toMatchObject({ block: 'stage', nodeId: 'res1' })
    // through a repeated instance's copy to the definition of the repeated block
    expect(ok(resolveInner(resnet, 'stage3/res1/shortcut/1/conv')).target).toMatchObject({
      block: 'conv1x1',
      nodeId: 'conv',
    })
  })

  it('names what is missing', () => {
    expect(resolveInner(resnet, 'conv1')).toEqual({ ok: false, message: "'conv1' is not inside a block." })
    expect(resolveInner(resnet, 'stage9/res1')).toMatchObject({
      message: expect.stringContaining("'stage9'"),
    })
    expect(resolveInner(resnet, 'stage3/res1/nope')).toMatchObject({
      message: "Block instance 'stage3/res1' has no node 'nope'.",
    })
    expect(resolveInner(resnet, 'conv1/x')).toMatchObject({ message: expect.stringContaining('not a block') })
    expect(resolveInner(resnet, 'stage3/res1/shortcut/1')).toMatchObject({
      message: expect.stringContaining("copy 1 of the repeated block 'stage3/res1/shortcut'"),
    })
  })
})

describe('blockUses', () => {
  it('counts every occurrence in the flattened model, repeats as their copies', () => {
    const resnet = preset('resnet18')
    expect(blockUses(resnet, 'stage')).toBe(4)
    expect(blockUses(resnet, 'residual')).toBe(8)
    // the 1×1 shortcut is on (repeat 1) in the first residual block of stages 3, 4 and 5 only
    expect(blockUses(resnet, 'conv1x1')).toBe(3)
    expect(blockUses(resnet, 'nothing')).toBe(0)
  })
})

describe('setInnerParam', () => {
  it('edits the block definition, so every use changes and the parameter count follows', () => {
    const resnet = preset('resnet18')
    // 'same' padding keeps the size when the kernel grows, so the residual sum still lines up
    const same = ok(setInnerParam(resnet, 'stage3/res1/conv1', 'padding', 'same')).doc
    expect(total(same)).toBe(total(resnet))
    const edited = ok(setInnerParam(same, 'stage3/res1/conv1', 'kernelSize', 5)).doc
    expect(edited.blocks.residual.nodes.find((n) => n.id === 'conv1')!.params).toMatchObject({
      kernelSize: 5,
      filters: '$channels',
    })
    // only the definition changed; the input document is untouched
    expect(edited.nodes).toBe(resnet.nodes)
    expect(edited.blocks.stage).toBe(resnet.blocks.stage)
    expect(resnet.blocks.residual.nodes.find((n) => n.id === 'conv1')!.params!.kernelSize).toBe(3)
    // each residual block's first conv has k·k·cin·cout weights: 3×3 → 5×5 adds 16·cin·cout per use
    const cinCout = [
      [64, 64],
      [64, 64],
      [64, 128],
      [128, 128],
      [128, 256],
      [256, 256],
      [256, 512],
      [512, 512],
    ]
    const added = cinCout.reduce((s, [a, b]) => s + (25 - 9) * a * b, 0)
    expect(total(edited) - total(resnet)).toBe(added)
  })

  it('refuses a value bound to a block parameter and says where to change it', () => {
    const resnet = preset('resnet18')
    expect(setInnerParam(resnet, 'stage3/res1/conv1', 'filters', 10)).toEqual({
      ok: false,
      message:
        "'filters' of 'conv1' is set by block 'residual''s parameter 'channels'; change it on the block instance.",
    })
    expect(setInnerParam(resnet, 'stage3/res1/shortcut/1', 'channels', 3).ok).toBe(false)
  })

  it('is undoable through the store like any edit', () => {
    const resnet = preset('resnet18')
    useGraph.getState().load(resnet)
    useGraph.temporal.getState().clear()
    const r = ok(setInnerParam(useGraph.getState().doc, 'stage2/res2/conv2', 'kernelSize', 1))
    useGraph.getState().apply(() => r.doc)
    expect(useGraph.getState().doc.blocks.residual.nodes[3].params!.kernelSize).toBe(1)
    undo()
    expect(useGraph.getState().doc).toBe(resnet)
  })
})

describe('updateInnerNode', () => {
  it('freezes a layer of the definition in every use', () => {
    const resnet = preset('resnet18')
    const frozen = ok(updateInnerNode(resnet, 'stage2/res1/conv2', { trainable: false })).doc
    const a = analyze(frozen)
    const convs = a.order.filter((n) => n.id.endsWith('/conv2') && n.type === 'Conv2D')
    expect(convs).toHaveLength(8)
    expect(convs.every((n) => !n.trainable)).toBe(true)
  })
})

describe('renameInner', () => {
  it('renames the node in its definition and rewires the definition edges', () => {
    const resnet = preset('resnet18')
    const r = ok(renameInner(resnet, 'stage3/res1/bn1', 'norm1'))
    expect(r.path).toBe('stage3/res1/norm1')
    const def = r.doc.blocks.residual
    expect(def.nodes.map((n) => n.id)).toContain('norm1')
    expect(def.nodes.map((n) => n.id)).not.toContain('bn1')
    expect(def.edges.filter((e) => e.source === 'bn1' || e.target === 'bn1')).toEqual([])
    expect(def.edges).toContainEqual(expect.objectContaining({ source: 'conv1', target: 'norm1' }))
    expect(def.edges).toContainEqual(expect.objectContaining({ source: 'norm1', target: 'relu1' }))
    // the same network, under the new name in every use
    const a = analyze(r.doc)
    expect(a.ok).toBe(true)
    expect(total(r.doc)).toBe(total(resnet))
    const ids = new Set(a.order.map((n) => n.id))
    expect(ids.has('stage5/res2/norm1')).toBe(true)
    expect(ids.has('stage5/res2/bn1')).toBe(false)
    // top-level bn1 is another node and keeps its name
    expect(r.doc.nodes.some((n) => n.id === 'bn1')).toBe(true)
  })

  it('refuses a name in use in the definition or one that would break paths', () => {
    const resnet = preset('resnet18')
    expect(renameInner(resnet, 'stage3/res1/bn1', 'conv1')).toEqual({
      ok: false,
      message: "Block 'residual' already has a node named 'conv1'.",
    })
    for (const bad of ['a/b', '@in', ''])
      expect(renameInner(resnet, 'stage3/res1/bn1', bad)).toMatchObject({
        ok: false,
        message: expect.stringContaining('must use only letters'),
      })
    expect(ok(renameInner(resnet, 'stage3/res1/bn1', 'bn1')).doc).toBe(resnet)
  })
})
