import { describe, expect, it } from 'vitest'
import { analyze } from '../../../engine/graph/analyze'
import { parseGraph } from '../../../engine/graph/parse'
import { getLayer } from '../../../engine/layers'
import { resolveParams } from '../../../engine/layers/resolve'
import type { GraphDoc } from '../../../engine/graph/schema'
import { chain } from '../../helpers/graph'

const dense = (units: number) => ({ type: 'Dense', params: { units } })

function parsed(input: unknown): GraphDoc {
  const p = parseGraph(input)
  if (!p.ok) throw new Error(p.errors[0].message)
  return p.doc
}

/** A document whose l1 Dense has any parameters, past the document schema's checks. */
const withParams = (params: Record<string, unknown>): GraphDoc => {
  const doc = parsed(chain([4], dense(3)))
  return { ...doc, nodes: doc.nodes.map((n) => (n.id === 'l1' ? { ...n, params } : n)) }
}
const withUnits = (units: number) => withParams({ units })

describe('analyze reuses validated parameters by value', () => {
  it('follows an edit of the same node back and forth', () => {
    for (const units of [3, 5, 3, 7, 5]) {
      const a = analyze(withUnits(units))
      expect(a.summary.get('l1')!.outputShape).toEqual([units])
      expect(a.totals.trainableParams).toBe(4 * units + units)
    }
  })

  it('tells apart values that JSON writes alike', () => {
    const def = getLayer('Dense')!
    // absent next to undefined, NaN next to null, -0 next to 0, '2' next to 2
    const cases: Record<string, unknown>[] = [{}, { units: undefined }, { units: NaN }, { units: null }]
    cases.push({ units: -0 }, { units: 0 }, { units: '2' }, { units: 2 }, { units: Infinity })
    const fresh = cases.map((params) => resolveParams(def, params))
    expect(new Set(fresh.map((r) => r.ok)).size).toBe(2)
    // twice: the second round answers from what the first one stored
    for (let round = 0; round < 2; round++)
      cases.forEach((params, i) => {
        const a = analyze(withParams(params))
        expect(
          a.errors.some((e) => e.nodeId === 'l1'),
          JSON.stringify(params),
        ).toBe(!fresh[i].ok)
        if (fresh[i].ok) expect(a.order.find((n) => n.id === 'l1')!.params).toEqual(fresh[i].params)
      })
  })

  it('gives a repeated analysis the same layers as the first', () => {
    const first = analyze(withUnits(6))
    const again = analyze(withUnits(6))
    expect(again.order.map((n) => [n.id, n.outputShape, n.params])).toEqual(
      first.order.map((n) => [n.id, n.outputShape, n.params]),
    )
  })
})
