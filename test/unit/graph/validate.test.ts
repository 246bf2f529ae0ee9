import { describe, expect, it } from 'vitest'
import { analyze } from '../../../engine/graph/analyze'
import { parseGraph } from '../../../engine/graph/parse'
import { chain, doc } from '../../helpers/graph'

function check(input: unknown) {
  const p = parseGraph(input)
  if (!p.ok) return { ok: false, errors: p.errors }
  const a = analyze(p.doc)
  return { ok: a.ok, errors: a.errors, analysis: a }
}

const dense = (units: number, extra: Record<string, unknown> = {}) => ({
  type: 'Dense',
  params: { units, ...extra },
})

describe('graph validation', () => {
  it('accepts a valid chain and infers shapes and PyTorch-style counts', () => {
    const r = check(chain([784], dense(256, { activation: 'relu' }), dense(10)))
    expect(r.errors).toEqual([])
    expect(r.analysis!.totals.trainableParams).toBe(784 * 256 + 256 + 256 * 10 + 10)
    expect(r.analysis!.summary.get('l2')!.outputShape).toEqual([10])
  })

  it('names an unknown layer type', () => {
    const r = check(chain([4], { type: 'Dens', params: {} }))
    expect(r.errors[0]).toMatchObject({ nodeId: 'l1', field: 'type' })
    expect(r.errors[0].message).toMatch(/unknown layer type 'Dens'/)
  })

  it('rejects illegal parameter values with the parameter named', () => {
    const r = check(chain([4], dense(-3)))
    expect(r.errors[0]).toMatchObject({ nodeId: 'l1', field: 'units' })
    expect(r.errors[0].message).toMatch(/at least 1/)
    const typo = check(chain([4], dense(3, { unit: 4 })))
    expect(typo.errors[0].message).toMatch(/unknown parameter\(s\) 'unit'/)
    const wrongType = check(chain([4], dense(3, { activation: 'relux' })))
    expect(wrongType.errors[0]).toMatchObject({ nodeId: 'l1', field: 'activation' })
  })

  it('refuses absurd sizes before allocating anything', () => {
    const r = check(chain([100000], dense(1_000_000), dense(1_000_000)))
    expect(r.ok).toBe(false)
    expect(r.errors.map((e) => e.message).join()).toMatch(/more than the 500,000,000 Deepwire builds/)
    const huge = check(chain([1 << 20], dense(1 << 20)))
    expect(huge.errors[0].message).toMatch(/parameters|at most/)
  })

  it('reports a missing input', () => {
    const r = check(
      doc(
        [
          { id: 'in', type: 'Input', params: { shape: [4] } },
          { id: 'd', type: 'Dense' },
          { id: 'e', type: 'Dense' },
        ],
        [['d', 'e']],
      ),
    )
    expect(r.errors.find((e) => e.nodeId === 'd')?.message).toMatch(/needs 1 input\(s\) but has 0/)
  })

  it('reports two inputs into a layer that is not a merge', () => {
    const r = check(
      doc(
        [
          { id: 'a', type: 'Input', params: { shape: [4] } },
          { id: 'b', type: 'Input', params: { shape: [4] } },
          { id: 'd', type: 'Dense' },
        ],
        [
          ['a', 'd'],
          ['b', 'd'],
        ],
      ),
    )
    expect(r.errors[0]).toMatchObject({ nodeId: 'd' })
    expect(r.errors[0].message).toMatch(/merge node/)
  })

  it('reports an input on a node that takes none', () => {
    const r = check(
      doc(
        [
          { id: 'a', type: 'Input', params: { shape: [4] } },
          { id: 'b', type: 'Input', params: { shape: [4] } },
        ],
        [['a', 'b']],
      ),
    )
    expect(r.errors.find((e) => e.nodeId === 'b')?.message).toMatch(/takes no input/)
  })

  it('finds cycles and names the nodes in them', () => {
    const r = check(
      doc(
        [
          { id: 'in', type: 'Input', params: { shape: [4] } },
          { id: 'a', ...dense(4) },
          { id: 'b', ...dense(4) },
        ],
        [
          ['in', 'a'],
          ['a', 'b'],
          ['b', 'a'],
        ],
      ),
    )
    expect(r.errors.some((e) => /cycle through 'a', 'b'/.test(e.message))).toBe(true)
  })

  it('reports disconnected nodes', () => {
    const r = check(
      doc(
        [
          { id: 'in', type: 'Input', params: { shape: [4] } },
          { id: 'a', ...dense(4) },
          { id: 'lonely', ...dense(4) },
        ],
        [['in', 'a']],
      ),
    )
    expect(r.errors.find((e) => e.nodeId === 'lonely')?.message).toMatch(/not connected/)
  })

  it('reports edges to nodes that do not exist and duplicate ids', () => {
    const r = check(
      doc(
        [
          { id: 'in', type: 'Input', params: { shape: [4] } },
          { id: 'in', ...dense(4) },
        ],
        [['in', 'ghost']],
      ),
    )
    const text = r.errors.map((e) => e.message).join('\n')
    expect(text).toMatch(/'ghost', which is not a node/)
    expect(text).toMatch(/used by more than one node/)
  })

  it('names the node when the document structure is wrong', () => {
    const bad = {
      ...chain([4], dense(2)),
      nodes: [
        { id: 'in', type: 'Input', params: { shape: [4] } },
        { id: 'l1', type: 5 },
      ],
    }
    const r = check(bad)
    expect(r.errors[0]).toMatchObject({ nodeId: 'l1', field: 'type' })
    expect(check({ ...chain([4]), format: 'other' }).errors[0].field).toBe('format')
    expect(check([1, 2]).errors[0].message).toMatch(/not a JSON object/)
  })

  it('rejects a graph without Input', () => {
    expect(
      check(doc([{ id: 'a', ...dense(4) }], []))
        .errors.map((e) => e.message)
        .join(),
    ).toMatch(/no Input/)
  })
})

describe('migration', () => {
  it('upgrades a version 1 document (string edges, flat optimizer)', () => {
    const v1 = {
      format: 'deepwire-graph',
      version: 1,
      nodes: [
        { id: 'in', type: 'Input', params: { shape: [3] } },
        { id: 'd', type: 'Dense', params: { units: 2 } },
      ],
      edges: [{ from: 'in', to: 'd:in' }],
      training: { optimizer: 'sgd', lr: 0.5 },
    }
    const p = parseGraph(v1)
    expect(p.ok).toBe(true)
    if (!p.ok) return
    expect(p.doc.version).toBe(2)
    expect(p.doc.edges[0]).toEqual({ source: 'in', target: 'd', targetPort: 'in' })
    expect(p.doc.training.optimizer).toMatchObject({ type: 'sgd', lr: 0.5 })
    expect(analyze(p.doc).ok).toBe(true)
  })

  it('refuses documents from a newer version with a clear reason', () => {
    const p = parseGraph({ ...chain([3]), version: 99 })
    expect(p.ok).toBe(false)
    if (!p.ok) expect(p.errors[0].message).toMatch(/newer Deepwire \(graph version 99/)
  })
})
