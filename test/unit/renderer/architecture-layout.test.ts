/**
 * Layouts that show an architecture's own shape: UNet++ as its X(i, j) grid, FCN as a U, an
 * encoder–decoder as two columns, parallel branches side by side — and none of them ever
 * overlapping, in either direction, after the user's edits too.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { analyze } from '../../../engine/graph/analyze'
import { parseGraph } from '../../../engine/graph/parse'
import type { GraphDoc } from '../../../engine/graph/schema'
import { toFlow } from '../../../renderer/src/canvas/adapters'
import { hintedLayout, usesHints, withHintedPositions } from '../../../renderer/src/canvas/hinted-layout'
import { autoLayout, layeredPositions } from '../../../renderer/src/canvas/layout'

function preset(name: string): GraphDoc {
  const r = parseGraph(JSON.parse(readFileSync(`presets/${name}.json`, 'utf8')))
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '))
  return r.doc
}

type Box = { id: string; x: number; y: number; w: number; h: number }
const overlap = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
function expectNoOverlap(boxes: Box[]) {
  for (const a of boxes)
    for (const b of boxes) if (a.id < b.id) expect(overlap(a, b), `${a.id} overlaps ${b.id}`).toBe(false)
}
// node cards differ in size (a block with a long label is wider, an error makes one taller)
const sizeOf = (id: string) => ({ w: 150 + ((id.length * 37) % 70), h: 62 + ((id.length * 13) % 40) })
const sizesOf = (doc: GraphDoc) => new Map(doc.nodes.map((n) => [n.id, sizeOf(n.id)]))
const boxesOf = (pos: Record<string, { x: number; y: number }>) =>
  Object.entries(pos).map(([id, p]) => ({ id, ...p, ...sizeOf(id) }))
const centre = (b: Box) => ({ x: b.x + b.w / 2, y: b.y + b.h / 2 })

describe('UNet++ as its nested grid', () => {
  const doc = preset('unetpp')
  const at = (pos: Record<string, { x: number; y: number }>, i: number, j: number) =>
    centre({ id: '', ...pos[`x${i}_${j}`], ...sizeOf(`x${i}_${j}`) })

  it('places X(i, j) with column by j and row by depth i, flowing down', async () => {
    expect(usesHints(doc)).toBe(true)
    const pos = await autoLayout(doc, sizesOf(doc), 'down')
    expectNoOverlap(boxesOf(pos))
    for (let i = 0; i <= 4; i++)
      for (let j = 0; i + j <= 4; j++) {
        const here = at(pos, i, j)
        // same row: the same depth across every column; same column: the same j down every row
        if (j > 0) {
          expect(here.y).toBeCloseTo(at(pos, i, 0).y)
          expect(here.x).toBeGreaterThan(at(pos, i, j - 1).x + 100)
        }
        if (i > 0) {
          expect(here.x).toBeCloseTo(at(pos, 0, j).x)
          expect(here.y).toBeGreaterThan(at(pos, i - 1, j).y + 100)
        }
      }
  })

  it('transposes the grid when the graph flows left to right', async () => {
    const pos = await autoLayout(doc, sizesOf(doc), 'right')
    expectNoOverlap(boxesOf(pos))
    expect(at(pos, 2, 1).x).toBeGreaterThan(at(pos, 1, 1).x + 100)
    expect(at(pos, 1, 2).y).toBeGreaterThan(at(pos, 1, 1).y + 50)
    expect(at(pos, 3, 0).y).toBeCloseTo(at(pos, 3, 1).y - (at(pos, 1, 1).y - at(pos, 1, 0).y))
  })

  it('takes only the size of the boxes the canvas passes, not their old places', async () => {
    const drawn = new Map(doc.nodes.map((n) => [n.id, { x: 5000, y: -70, ...sizeOf(n.id) }]))
    expect(await autoLayout(doc, drawn, 'right')).toEqual(await autoLayout(doc, sizesOf(doc), 'right'))
    expect((await autoLayout(doc, drawn, 'right')).x1_0.x).toBeGreaterThan(100)
  })

  it('opens as the grid: the preset is placed by its hints before anything is drawn', () => {
    const opened = withHintedPositions(doc, 'down')
    const p = Object.fromEntries(opened.nodes.map((n) => [n.id, n.position!]))
    expect(p.x0_4.x).toBeGreaterThan(p.x0_3.x)
    expect(p.x4_0.y).toBeGreaterThan(p.x3_0.y)
    expect(p.x3_1.y).toBeCloseTo(p.x3_0.y)
  })
})

describe('FCN as a U', () => {
  it('puts the decoder level with its encoder partners, across from the encoder', async () => {
    const doc = preset('fcn')
    for (const direction of ['down', 'right'] as const) {
      const pos = await autoLayout(doc, sizesOf(doc), direction)
      const b = Object.fromEntries(boxesOf(pos).map((x) => [x.id, centre(x)]))
      expectNoOverlap(boxesOf(pos))
      const [along, across] = direction === 'down' ? (['y', 'x'] as const) : (['x', 'y'] as const)
      // the encoder goes down one side …
      const enc = ['in', 'conv1', 'pool1', 'stage2', 'stage3', 'stage4', 'stage5']
      for (let k = 1; k < enc.length; k++) expect(b[enc[k]][along]).toBeGreaterThan(b[enc[k - 1]][along])
      // … the full-size output comes back up the other, level with the input it matches
      expect(b.upsample[along]).toBeCloseTo(b.in[along])
      expect(b.score[along]).toBeCloseTo(b.stage5[along])
      expect(b.upsample[across]).toBeGreaterThan(b.in[across] + 100)
      expect(b.score[across]).toBeCloseTo(b.upsample[across])
    }
  })
})

describe('encoder–decoder models as two columns', () => {
  for (const name of ['transformer', 'seq2seq', 'seq2seq-attention'])
    it(`${name}: the encoder in one column, the decoder in the next, cross edges between`, async () => {
      const doc = preset(name)
      const pos = await autoLayout(doc, sizesOf(doc), 'down')
      expectNoOverlap(boxesOf(pos))
      const x = (id: string) => centre({ id, ...pos[id], ...sizeOf(id) }).x
      const y = (id: string) => centre({ id, ...pos[id], ...sizeOf(id) }).y
      const encoder = doc.nodes.filter((n) => n.layoutHint!.lane === 0).map((n) => n.id)
      const decoder = doc.nodes.filter((n) => n.layoutHint!.lane === 1).map((n) => n.id)
      expect(encoder.length).toBeGreaterThanOrEqual(3)
      expect(decoder.length).toBeGreaterThanOrEqual(3)
      for (const e of encoder) expect(x(e)).toBeCloseTo(x(encoder[0]))
      for (const d of decoder) expect(x(d)).toBeGreaterThan(x(encoder[0]) + 150)
      // every edge from the encoder to the decoder runs forwards, never back up the page
      const cross = doc.edges.filter((e) => encoder.includes(e.source) && decoder.includes(e.target))
      expect(cross.length).toBeGreaterThan(0)
      for (const e of cross) expect(y(e.target)).toBeGreaterThan(y(e.source))
    })
})

describe('parallel branches side by side', () => {
  it('an Inception block opens with its four branches on shared rows, merged below them', () => {
    const doc = preset('googlenet')
    const def = doc.blocks!.inception
    const boxes = def.nodes.map((n) => ({ id: n.id, w: 180, h: 90 }))
    for (const direction of ['down', 'right'] as const) {
      const { positions } = layeredPositions(boxes, def.edges, undefined, direction)
      const along = (id: string) => (direction === 'down' ? positions.get(id)!.y : positions.get(id)!.x)
      const across = (id: string) => (direction === 'down' ? positions.get(id)!.x : positions.get(id)!.y)
      // the first layer of each branch: what the block's input feeds
      const firsts = def.edges.filter((e) => e.source === '@in').map((e) => e.target)
      expect(firsts.length).toBe(4)
      for (const f of firsts) expect(along(f)).toBe(along(firsts[0]))
      expect(new Set(firsts.map(across)).size).toBe(4)
      const merge = def.edges.find((e) => e.target === '@out')!.source
      for (const n of def.nodes) if (n.id !== merge) expect(along(merge)).toBeGreaterThan(along(n.id))
      expectNoOverlap([...positions].map(([id, p]) => ({ id, ...p, w: 180, h: 90 })))
    }
  })

  it('elk puts the two paths of a residual connection next to each other, the sum below', async () => {
    const doc = {
      nodes: ['in', 'conv1', 'conv2', 'skip', 'add'].map((id) => ({ id, type: 'Dense' })),
      edges: [
        { source: 'in', target: 'conv1' },
        { source: 'conv1', target: 'conv2' },
        { source: 'in', target: 'skip' },
        { source: 'conv2', target: 'add' },
        { source: 'skip', target: 'add' },
      ],
    } as unknown as GraphDoc
    const pos = await autoLayout(doc, sizesOf(doc), 'down')
    expect(pos.skip.y).toBeLessThan(pos.conv2.y + sizeOf('conv2').h)
    expect(Math.abs(pos.skip.x - pos.conv1.x)).toBeGreaterThan(100)
    expect(pos.add.y).toBeGreaterThan(pos.conv2.y)
  })
})

describe('a hinted layout after the user edits the graph', () => {
  it('places added, rewired and pasted nodes in free room, never over another', async () => {
    const base = preset('unetpp')
    const copy = base.nodes.find((n) => n.id === 'x1_1')!
    const doc: GraphDoc = {
      ...base,
      // two nodes deleted, a copy pasted with its original's hint, a new chain hung off X(2,1)
      nodes: [
        ...base.nodes.filter((n) => n.id !== 'up1_1' && n.id !== 'pool3'),
        { ...copy, id: 'x1_1_copy' },
        { id: 'extra1', type: 'ReLU' },
        { id: 'extra2', type: 'Dropout' },
        { id: 'loose', type: 'Dense' },
      ],
      edges: [
        ...base.edges.filter((e) => ![e.source, e.target].some((x) => x === 'up1_1' || x === 'pool3')),
        { source: 'x2_1', target: 'extra1' },
        { source: 'extra1', target: 'extra2' },
      ],
    }
    for (const direction of ['down', 'right'] as const) {
      const pos = hintedLayout(doc, sizesOf(doc), direction)
      expect(Object.keys(pos).sort()).toEqual(doc.nodes.map((n) => n.id).sort())
      expectNoOverlap(boxesOf(pos))
      const along = direction === 'down' ? 'y' : 'x'
      // a chain the user added continues after what feeds it
      expect(pos.extra1[along]).toBeGreaterThan(pos.x2_1[along])
      expect(pos.extra2[along]).toBeGreaterThan(pos.extra1[along])
    }
  })

  it('a graph with only a few hints left is laid out the plain way', () => {
    const base = preset('fcn')
    const doc = {
      ...base,
      nodes: base.nodes.map((n, i) => (i < 4 ? n : { ...n, layoutHint: undefined })),
    }
    expect(usesHints(doc)).toBe(false)
  })

  it('refuses a hint that is not a whole grid cell, naming the node', () => {
    const bad = JSON.parse(readFileSync('presets/fcn.json', 'utf8'))
    bad.nodes[1].layoutHint = { rank: 1.5, lane: 0 }
    const r = parseGraph(bad)
    expect(r.ok).toBe(false)
    if (!r.ok)
      expect(r.errors[0]).toMatchObject({
        nodeId: 'conv1',
        field: 'layoutHint.rank',
        message: 'must be a whole number of grid rows',
      })
  })
})

describe('open blocks follow the chosen direction', () => {
  it('lays a block out down the page, or across it when the graph flows left to right', () => {
    const doc = preset('unetpp')
    const chain = ['conv1', 'bn1', 'relu1', 'conv2', 'bn2', 'relu2'].map((c) => `x1_1/${c}`)
    for (const direction of ['down', 'right'] as const) {
      const opened = withHintedPositions(doc, direction)
      const f = toFlow(opened, analyze(opened), [], new Set(['x1_1']), direction)
      const at = (id: string) => f.nodes.find((n) => n.id === id)!.position
      const [along, across] = direction === 'down' ? (['y', 'x'] as const) : (['x', 'y'] as const)
      for (let k = 1; k < chain.length; k++) {
        expect(at(chain[k])[along]).toBeGreaterThan(at(chain[k - 1])[along])
        expect(at(chain[k])[across]).toBe(at(chain[0])[across])
      }
      const group = f.nodes.find((n) => n.id === 'x1_1')!.style as { width: number; height: number }
      if (direction === 'down') expect(group.height).toBeGreaterThan(group.width)
      else expect(group.width).toBeGreaterThan(group.height)
      // what lies after the open block along the flow moves on by what the block grew; nothing else moves
      const shifted = f.nodes.filter((n) => n.data.shift).map((n) => n.id)
      const p = (id: string) => opened.nodes.find((n) => n.id === id)!.position!
      for (const n of opened.nodes)
        if (!n.id.includes('/')) expect(shifted.includes(n.id), n.id).toBe(p(n.id)[along] > p('x1_1')[along])
    }
  })
})
