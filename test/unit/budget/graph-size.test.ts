import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { exportRefusal } from '../../../engine/budget/export-size'
import { graphSizeRefusal, MAX_FLAT_NODES, measureGraph } from '../../../engine/budget/graph-size'
import { quoteList } from '../../../engine/budget/untrusted'
import { flatten } from '../../../engine/graph/flatten'
import { formatIssues } from '../../../engine/graph/issues'
import { parseGraph } from '../../../engine/graph/parse'
import type { GraphDoc } from '../../../engine/graph/schema'
import { edgeAmplification } from '../../reliability/costly'

const doc = (raw: unknown): GraphDoc => {
  const p = parseGraph(raw)
  if (!p.ok) throw new Error(p.errors[0].message)
  return p.doc
}

describe('graph size before expansion', () => {
  it('counts exactly what flatten builds, for every preset', () => {
    for (const f of readdirSync('presets').filter((n) => n.endsWith('.json'))) {
      const d = doc(JSON.parse(readFileSync(`presets/${f}`, 'utf8')))
      const size = measureGraph(d)
      expect(size.exact).toBe(true)
      const flat = flatten(d).graph
      expect(size.layers, f).toBe(flat.nodes.length)
      expect(size.instances, f).toBe(flat.blockOutputs.size)
      expect(graphSizeRefusal(size), f).toBeNull()
    }
  })

  it('sizes a block of 39,990 edges repeated 64 × 64 arithmetically, without expanding it', () => {
    const d = doc(edgeAmplification())
    const start = performance.now()
    const size = measureGraph(d)
    expect(size).toEqual({
      layers: 2 * 64 * 64 + 1,
      instances: 1 + 64 + 64 * (1 + 64),
      connections: 1 + 65 + 64 * (2 + 65 + 64 * 39_992),
      paramEntries: 1 + 64 * 64,
      exact: true,
      heaviest: 'r',
    })
    expect(performance.now() - start).toBeLessThan(200)
    expect(graphSizeRefusal(size)).toMatch(/163,811,586 connections/)
    const f = flatten(d)
    expect(f.refused).toBe(true)
    expect(f.graph.nodes).toEqual([])
  })

  it('stops sizing, and says "at least", when distinct instances alone pass the budget', () => {
    // every level takes a different repeat count from its parameter, so nothing is shared
    const blocks: Record<string, unknown> = {}
    for (let i = 0; i < 14; i++)
      blocks[`B${i}`] = {
        params: { n: 1 },
        nodes: [
          { id: 'x', type: 'Block', block: `B${i + 1}`, repeat: '$n', params: { n: 2 } },
          { id: 'y', type: 'Block', block: `B${i + 1}`, repeat: '$n', params: { n: 3 } },
        ],
        edges: [
          { source: '@in', target: 'x' },
          { source: 'x', target: 'y' },
          { source: 'y', target: '@out' },
        ],
      }
    blocks.B14 = {
      params: { n: 1 },
      nodes: [{ id: 'd', type: 'Dense', params: { units: 2 } }],
      edges: [
        { source: '@in', target: 'd' },
        { source: 'd', target: '@out' },
      ],
    }
    const d = doc({
      format: 'deepwire-graph',
      version: 2,
      nodes: [
        { id: 'in', type: 'Input', params: { shape: [2] } },
        { id: 'b', type: 'Block', block: 'B0' },
      ],
      edges: [{ source: 'in', target: 'b' }],
      blocks,
    })
    const size = measureGraph(d)
    expect(size.layers + size.instances).toBeGreaterThan(MAX_FLAT_NODES)
    expect(graphSizeRefusal(size)).toMatch(/expands to (at least )?[\d,]+ layers/)
  })
})

describe('bounded messages', () => {
  it('merges repeated sentences and caps the lines', () => {
    const same = Array.from({ length: 500 }, (_, i) => ({
      severity: 'error' as const,
      nodeId: `n${i}`,
      message: 'is wrong',
    }))
    expect(formatIssues(same)).toEqual(["node 'n0': is wrong (and 499 more places)"])
    const many = same.map((s, i) => ({ ...s, message: `wrong ${i}` }))
    const lines = formatIssues(many)
    expect(lines).toHaveLength(11)
    expect(lines[10]).toBe('… and 490 more problems')
  })
  it('lists a few names and counts the rest', () => {
    expect(quoteList(['a', 'b'])).toBe("'a', 'b'")
    expect(quoteList(Array.from({ length: 1000 }, (_, i) => `n${i}`))).toBe(
      "'n0', 'n1', 'n2', 'n3', 'n4' and 995 more",
    )
  })
})

describe('export cost', () => {
  const totals = (p: number) => ({ totals: { trainableParams: p, stateParams: 0, frozenParams: 0, macs: 0 } })
  it('refuses an ONNX file over protobuf’s 2 GiB and any export over the memory budget, with figures', () => {
    expect(exportRefusal(totals(600e6), 'onnx', 64 * 2 ** 30)).toMatch(
      /600,000,000 parameters \(2\.24 GiB of weights\), more than the 2\.00 GiB one ONNX file can hold/,
    )
    expect(exportRefusal(totals(493_879_296), 'tfjs', 4 * 2 ** 30)).toMatch(
      /needs about 7\.36 GiB .* budget is 4\.00 GiB: make the model smaller \(at most about 268,435,456 parameters\)/,
    )
    expect(exportRefusal(totals(11e6), 'onnx', 4 * 2 ** 30)).toBeNull()
  })
})
