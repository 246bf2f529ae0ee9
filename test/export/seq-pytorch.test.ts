/**
 * PyTorch parity of the sequence layers: every case of seq-cases.ts (the ONNX table) and every
 * model of seq-graphs.ts exported as a model.py package and run by torch on the engine's inputs, so nn.RNN/GRU/LSTM weight mapping,
 * bidirectional merges, initial states, masks and the attention helpers are checked end to end.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { initBackend } from '../../engine/backend/select'
import { caseDoc } from './helpers-cases'
import { checkPackages, exportWithOutputs, type PytorchResult } from './pytorch-parity'
import { SEQ_CASES } from './seq-cases'
import { SEQ_GRAPHS } from './seq-graphs'
import { tf } from './helpers'

const TOLERANCE = 1e-4
const root = mkdtempSync(path.join(tmpdir(), 'deepwire-seq-pytorch-'))
const results = new Map<string, PytorchResult>()
const graphs = [
  ...SEQ_CASES.map((c) => [c.name, { ...caseDoc(c), name: c.name }] as const),
  ...Object.entries(SEQ_GRAPHS),
]

describe('sequence layers: PyTorch export matches the engine', () => {
  beforeAll(async () => {
    await initBackend(tf, 'wasm')
    const dirs = new Map<string, string>()
    for (const [i, [name, graph]] of graphs.entries()) {
      const dir = path.join(root, `case${i}`)
      try {
        await exportWithOutputs(graph, dir)
        dirs.set(dir, name)
      } catch (e) {
        results.set(name, { dir, error: e instanceof Error ? e.message : String(e) })
      }
    }
    for (const r of await checkPackages([...dirs.keys()])) results.set(dirs.get(r.dir)!, r)
  }, 300_000)

  afterAll(() => rmSync(root, { recursive: true, force: true }))

  it.each(graphs.map(([name]) => name))('%s', (name) => {
    const r = results.get(name)
    if (!r) throw new Error(`no result for ${name}`)
    if (r.error) throw new Error(r.error)
    console.log(
      `${name}: max |PyTorch − engine| = ${r.maxDiff!.toExponential(2)}, outputs up to ${r.peak!.toPrecision(3)}`,
    )
    expect(r.peak).toBeGreaterThan(0)
    expect(r.maxDiff! / Math.max(1, r.peak!)).toBeLessThan(TOLERANCE)
  })
})
