/**
 * The numerical-stability lesson's experiment, run by the engine: a deep sigmoid MLP started from
 * σ = 0.01 weights passes almost no gradient back to its first layers, while ReLU with Xavier
 * weights keeps them within a small factor of the last layer's.
 */
import { describe, expect, it } from 'vitest'
import { parseGraph } from '../../../engine/graph/parse'
import { analyze } from '../../../engine/graph/analyze'
import { deepMlp, gradNormsByDepth, layerIds, STABILITY_CASES } from '../../../renderer/src/learn/stability'
import { trainInProcess } from '../../helpers/train'

const DEPTH = 6
const byKey = (k: string) => STABILITY_CASES.find((c) => c.key === k)!

async function norms(key: string) {
  const { events } = await trainInProcess(deepMlp(byKey(key), DEPTH, 32), {
    dataset: { name: 'fashion-mnist', limit: 300 },
  })
  const hist = events.flatMap((e) => (e.type === 'histograms' ? [e] : []))
  return gradNormsByDepth(hist, DEPTH) as number[]
}

describe('the deep MLPs of the stability lesson', () => {
  it('are valid graphs of depth hidden layers, each with the case’s activation and initialiser', () => {
    for (const c of STABILITY_CASES) {
      const p = parseGraph(deepMlp(c, DEPTH, 32))
      expect(p.ok).toBe(true)
      if (!p.ok) return
      expect(analyze(p.doc).ok).toBe(true)
      const dense = p.doc.nodes.filter((n) => n.type === 'Dense')
      expect(dense.map((n) => n.id)).toEqual(layerIds(DEPTH))
      expect(dense.every((n) => n.init === c.init)).toBe(true)
      expect(dense.slice(0, -1).every((n) => n.params?.activation === c.activation)).toBe(true)
    }
  })

  it('show vanishing gradients with sigmoid and tiny weights, not with ReLU and Xavier', async () => {
    const vanishing = await norms('sigmoid-normal')
    const healthy = await norms('relu-glorot')
    expect(vanishing).toHaveLength(DEPTH + 1)
    expect(vanishing.every((n) => n !== null && Number.isFinite(n))).toBe(true)
    // first hidden layer against the output layer
    const ratio = (ns: number[]) => ns[0] / ns[ns.length - 1]
    expect(ratio(vanishing)).toBeLessThan(1e-6)
    expect(ratio(healthy)).toBeGreaterThan(1e-2)
  }, 30_000)
})
