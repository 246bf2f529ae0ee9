import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { analyze, type Analysis } from '../../../engine/graph/analyze'
import { parseGraph } from '../../../engine/graph/parse'
import { graphSchema, type GraphDoc } from '../../../engine/graph/schema'
import { groupIntoBlock, inlineAll, instancePaths, ungroupBlock } from '../../../renderer/src/store/block-ops'
import { movePositions } from '../../../renderer/src/store/doc-ops'
import { doc as makeDoc } from '../../helpers/graph'
import { prototypeIds } from '../../reliability/costly'

function preset(name: string): GraphDoc {
  const r = parseGraph(JSON.parse(readFileSync(`presets/${name}.json`, 'utf8')))
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '))
  return r.doc
}

/**
 * The flattened graph without its ids: each layer hashed with its type, resolved parameters,
 * shapes, trainability and the hashes of its inputs in order. Equal sorted lists mean the same
 * network, wired the same way, whatever the nesting and naming.
 */
function fingerprint(a: Analysis): string[] {
  const hash = new Map<string, string>()
  for (const n of a.order) {
    const h = createHash('sha1')
      .update(
        JSON.stringify([
          n.type,
          n.params,
          n.outputShape,
          n.trainableParams,
          n.stateParams,
          n.trainable,
          n.inputs.map((i) => hash.get(i)),
        ]),
      )
      .digest('hex')
    hash.set(n.id, h)
  }
  return [...hash.values()].sort()
}

function expectSameMeaning(before: GraphDoc, after: GraphDoc) {
  const a = analyze(before)
  const b = analyze(after)
  expect(a.errors).toEqual([])
  expect(b.errors).toEqual([])
  expect(b.totals).toEqual(a.totals)
  expect(b.order.length).toBe(a.order.length)
  expect(fingerprint(b)).toEqual(fingerprint(a))
  expect(b.outputs.map((o) => b.order.find((n) => n.id === o)!.outputShape)).toEqual(
    a.outputs.map((o) => a.order.find((n) => n.id === o)!.outputShape),
  )
}

function group(doc: GraphDoc, ids: string[], name: string) {
  const r = groupIntoBlock(doc, ids, name)
  if (!r.ok) throw new Error(r.message)
  return r
}

describe('group into block', () => {
  const cases: [string, string[]][] = [
    ['lenet', ['conv1', 'sig1', 'pool1']],
    ['resnet18', ['conv1', 'bn1', 'relu1', 'pool1']],
    ['resnet18', ['stage3', 'stage4']],
    ['googlenet', ['inc4a', 'inc4b', 'inc4c']],
    // three outside producers feed the selection, one of them straight into a 3-way concat
    ['unetpp', ['x0_1', 'cat0_2', 'x0_2']],
    ['unetpp', ['pool1', 'x1_0', 'up1_0']],
    ['densenet', ['dense2', 'trans2']],
    // the tail of the model: no edge leaves the selection
    ['mlp', ['hidden', 'out']],
  ]
  for (const [name, ids] of cases)
    it(`keeps ${name} the same network when ${ids.join(', ')} become a block`, () => {
      const before = preset(name)
      const r = group(before, ids, 'grouped')
      expect(r.doc.blocks.grouped.nodes.map((n) => n.id)).toEqual(ids)
      expect(r.doc.nodes.find((n) => n.id === r.id)).toMatchObject({ type: 'Block', block: 'grouped' })
      for (const id of ids) expect(r.doc.nodes.some((n) => n.id === id)).toBe(false)
      expectSameMeaning(before, r.doc)
      // the instance's summary row carries everything the selection held
      const a = analyze(before)
      const sum = ids.reduce((s, id) => s + a.summary.get(id)!.trainableParams, 0)
      expect(analyze(r.doc).summary.get(r.id)!.trainableParams).toBe(sum)
    })

  it('numbers ports in document edge order and keeps a concat fed in the same order', () => {
    const r = group(preset('unetpp'), ['x0_1', 'cat0_2', 'x0_2'], 'dec')
    const def = r.doc.blocks.dec
    expect(def.inputs).toEqual(['in1', 'in2', 'in3'])
    expect(def.edges.filter((e) => e.target === 'cat0_2').map((e) => e.source)).toEqual([
      '@in2',
      'x0_1',
      '@in3',
    ])
    const wires = r.doc.edges.filter((e) => e.target === r.id).map((e) => [e.source, e.targetPort])
    expect(wires).toEqual([
      ['cat0_1', 'in1'],
      ['x0_0', 'in2'],
      ['up1_1', 'in3'],
    ])
    // deterministic: the same selection in another order gives the same block
    expect(group(preset('unetpp'), ['x0_2', 'x0_1', 'cat0_2'], 'dec').doc.blocks.dec.inputs).toEqual(
      def.inputs,
    )
  })

  it('gives a single-port block "in"/"out" ports, so it can be repeated', () => {
    const r = group(preset('lenet'), ['conv2', 'sig2'], 'convsig')
    expect(r.doc.blocks.convsig).toMatchObject({ inputs: ['in'], outputs: ['out'] })
    expect(r.doc.edges.filter((e) => e.source === r.id || e.target === r.id)).toEqual([
      { id: 'pool1->convsig1', source: 'pool1', target: 'convsig1' },
      { id: 'convsig1->pool2', source: 'convsig1', target: 'pool2' },
    ])
  })

  it('refuses selections that cannot form a block, saying why', () => {
    const d = preset('unetpp')
    const refuse = (ids: string[], name = 'b') => {
      const r = groupIntoBlock(d, ids, name)
      expect(r.ok).toBe(false)
      return r.ok ? '' : r.message
    }
    expect(refuse([])).toMatch(/at least one node/)
    expect(refuse(['in', 'x0_0'])).toMatch(/'in' is an Input node/)
    expect(refuse(['x0_0', 'cat0_1'])).toMatch(/cycle: '(pool1|x1_0|up1_0)'/)
    expect(refuse(['x0_0/conv1'])).toMatch(/inside a block/)
    expect(refuse(['pool1'], 'DoubleConv')).toMatch(/'DoubleConv' already exists/)
    expect(refuse(['pool1'], '2 convs')).toMatch(/must start with a letter/)
    const lone = graphSchema.parse(
      makeDoc(
        [
          { id: 'in', type: 'Input', params: { shape: [4] } },
          { id: 'd', type: 'Dense', params: { units: 2 } },
        ],
        [],
      ),
    )
    expect(groupIntoBlock(lone, ['d'], 'b')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/no input/),
    })
  })

  it('does not change its input document', () => {
    const d = preset('resnet18')
    const copy = structuredClone(d)
    group(d, ['conv1', 'bn1'], 'stem')
    expect(d).toEqual(copy)
  })
})

describe('ungroup a block instance', () => {
  it('inlines one level of ResNet-18 and keeps the network', () => {
    const d = preset('resnet18')
    const r = ungroupBlock(d, 'stage3')
    if (!r.ok) throw new Error(r.message)
    expect(r.ids).toEqual(['res1', 'res2'])
    expect(r.doc.nodes.find((n) => n.id === 'res1')!.params).toEqual({
      channels: 128,
      strides: 2,
      shortcut: true,
    })
    expectSameMeaning(d, r.doc)
  })

  it('turns a repeated instance into its chain of copies', () => {
    const d = preset('densenet')
    const inner = ungroupBlock(d, 'dense1')
    if (!inner.ok) throw new Error(inner.message)
    const conv = inner.doc.nodes.find((n) => n.id === inner.ids[0])!
    expect(conv).toMatchObject({ type: 'Block', block: 'conv_block', repeat: 4 })
    const chain = ungroupBlock(inner.doc, conv.id)
    if (!chain.ok) throw new Error(chain.message)
    expect(chain.ids).toEqual(['conv_1', 'conv_2', 'conv_3', 'conv_4'])
    expectSameMeaning(d, chain.doc)
  })

  it('undoes a grouping: same nodes, edges and network', () => {
    const d = preset('unetpp')
    const g = group(d, ['x0_1', 'cat0_2', 'x0_2'], 'dec')
    const u = ungroupBlock(g.doc, g.id)
    if (!u.ok) throw new Error(u.message)
    expect(new Set(u.doc.nodes.map((n) => n.id))).toEqual(new Set(d.nodes.map((n) => n.id)))
    const wires = (x: GraphDoc) => x.edges.map((e) => `${e.source}->${e.target}`).sort()
    expect(wires(u.doc)).toEqual(wires(d))
    expect(u.doc.nodes.find((n) => n.id === 'cat0_2')!.position).toEqual(
      d.nodes.find((n) => n.id === 'cat0_2')!.position,
    )
    expectSameMeaning(d, u.doc)
  })

  for (const name of ['resnet18', 'densenet', 'vgg11', 'googlenet', 'unetpp'])
    it(`inlines every block of ${name} into plain layers with the same network`, () => {
      const d = preset(name)
      const flat = inlineAll(d)
      expect(flat.nodes.every((n) => n.type !== 'Block')).toBe(true)
      expectSameMeaning(d, flat)
    })

  it('refuses what is not a block instance', () => {
    const d = preset('resnet18')
    expect(ungroupBlock(d, 'conv1')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/not a block/),
    })
    expect(ungroupBlock(d, 'nope')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/no node 'nope'/),
    })
  })
})

describe('instance paths', () => {
  it('lists nested and repeated instances by their flat path', () => {
    const paths = instancePaths(preset('densenet'))
    expect(paths).toContain('dense1')
    expect(paths).toContain('dense1/conv')
    expect(paths).toContain('dense1/conv/4')
    expect(paths).not.toContain('dense1/conv/5')
    expect(instancePaths(preset('resnet18'))).toContain('stage3/res1/shortcut')
    // ResNet's first stage has shortcut: false, a repeat of 0 that still opens to no copies
    expect(instancePaths(preset('resnet18'))).toContain('stage2/res1/shortcut')
  })
})

describe("names that are Object.prototype's own", () => {
  const protoDoc = () => graphSchema.parse(prototypeIds())

  it("groups nodes called 'constructor' and 'toString' into a block called '__proto__', and back", () => {
    const before = protoDoc()
    const g = group(before, ['constructor', 'toString'], '__proto__')
    expect(Object.keys(g.doc.blocks)).toEqual(['__proto__'])
    expectSameMeaning(before, g.doc)
    // a second block of that name is refused as a duplicate, not found on the prototype
    expect(groupIntoBlock(g.doc, ['hasOwnProperty'], '__proto__')).toMatchObject({ ok: false })
    expect(groupIntoBlock(before, ['hasOwnProperty'], 'constructor').ok).toBe(true)
    const u = ungroupBlock(g.doc, g.id)
    if (!u.ok) throw new Error(u.message)
    expectSameMeaning(before, u.doc)
  })

  it('moves only the nodes it is given positions for', () => {
    const moved = movePositions(protoDoc(), { toString: { x: 5, y: 6 } })
    expect(moved.nodes.map((n) => n.position)).toEqual([undefined, undefined, { x: 5, y: 6 }, undefined])
  })
})
