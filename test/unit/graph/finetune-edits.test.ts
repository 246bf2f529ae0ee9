import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { freezeBefore, headOf, replaceHead, upstreamOf } from '../../../engine/graph/finetune'
import { analyze } from '../../../engine/graph/analyze'
import { parseGraph } from '../../../engine/graph/parse'
import type { GraphDoc } from '../../../engine/graph/schema'

const load = (name: string) => {
  const p = parseGraph(JSON.parse(readFileSync(`presets/${name}.json`, 'utf8')))
  if (!p.ok) throw new Error(name)
  return p.doc
}

describe('fine-tuning graph edits', () => {
  it('freezes everything upstream of a node, through block instances, and counts it as frozen', () => {
    const resnet = load('resnet18')
    const head = headOf(resnet).id
    const { doc, frozen } = freezeBefore(resnet, head)
    expect(frozen.length).toBe(upstreamOf(resnet, head).size - 1) // the Input stays as it is
    expect(doc.nodes.find((n) => n.id === head)!.trainable).toBeUndefined()
    const a = analyze(doc)
    const before = analyze(resnet).totals.trainableParams
    // only the head (512·10 + 10) still trains; every block's layers inside are frozen
    expect(a.totals.trainableParams).toBe(512 * 10 + 10)
    expect(a.totals.frozenParams).toBe(before - (512 * 10 + 10))
    expect(resnet.nodes.every((n) => n.trainable === undefined)).toBe(true) // the input is untouched
  })

  it('resizes the last Dense for new classes and raises its learning rate, keeping the rest', () => {
    const lenet = load('lenet')
    const { doc, head } = replaceHead(lenet, 4, 10)
    const node = doc.nodes.find((n) => n.id === head)!
    expect(node).toMatchObject({ type: 'Dense', params: { units: 4 }, lrMultiplier: 10 })
    expect(doc.nodes.filter((n) => n.id !== head)).toEqual(lenet.nodes.filter((n) => n.id !== head))
    expect(analyze(doc).order.at(-1)!.outputShape).toEqual([4])
  })

  it('refuses graphs without a single Dense head in one sentence', () => {
    expect(() => headOf(load('fcn'))).toThrow(/not from a Dense layer: there is no head to resize/)
    const two = {
      nodes: [
        { id: 'in', type: 'Input' },
        { id: 'a', type: 'Dense' },
        { id: 'b', type: 'Dense' },
      ],
      edges: [
        { source: 'in', target: 'a' },
        { source: 'in', target: 'b' },
      ],
    } as unknown as GraphDoc
    expect(() => headOf(two)).toThrow('the graph has 2 outputs; replacing the head needs exactly one')
    expect(() => freezeBefore(two, 'zz')).toThrow("there is no node 'zz' to freeze up to")
  })
})
