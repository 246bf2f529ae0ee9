/**
 * PyTorch parity of the generic operator nodes: every case of operator-cases.ts (the ONNX table)
 * exported as a model.py package and run by torch on the engine's inputs, so each operator's
 * forward expression, its constants and the NCHW ↔ NHWC turns around images are checked.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { initBackend } from '../../engine/backend/select'
import { caseDoc } from './helpers-cases'
import { OPERATOR_CASES } from './operator-cases'
import { checkPackages, exportWithOutputs, type PytorchResult } from './pytorch-parity'
import { tf } from './helpers'

const root = mkdtempSync(path.join(tmpdir(), 'deepwire-operator-pytorch-'))
const results = new Map<string, PytorchResult>()

describe('operator nodes: PyTorch export matches the engine', () => {
  beforeAll(async () => {
    await initBackend(tf, 'wasm')
    const dirs = new Map<string, string>()
    for (const [i, c] of OPERATOR_CASES.entries()) {
      const dir = path.join(root, `case${i}`)
      try {
        await exportWithOutputs({ ...caseDoc(c), name: c.name }, dir)
        dirs.set(dir, c.name)
      } catch (e) {
        results.set(c.name, { dir, error: e instanceof Error ? e.message : String(e) })
      }
    }
    for (const r of await checkPackages([...dirs.keys()])) results.set(dirs.get(r.dir)!, r)
  }, 300_000)

  afterAll(() => rmSync(root, { recursive: true, force: true }))

  it.each(OPERATOR_CASES.map((c) => c.name))('%s', (name) => {
    const r = results.get(name)
    if (!r) throw new Error(`no result for ${name}`)
    if (r.error) throw new Error(r.error)
    expect(r.peak).toBeGreaterThan(0)
    expect(r.maxDiff! / Math.max(1, r.peak!)).toBeLessThan(1e-4)
  })
})
