/**
 * Every export is written whole or not at all: a failure half-way (the dataset of a PyTorch export
 * missing after model.py and weights.npz were written, onnxruntime refusing the file) leaves
 * nothing in the output folder, and a success leaves no temp files beside it.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { exportOnnxFile } from '../../engine/export/onnx/file'
import { exportPytorch } from '../../engine/export/pytorch'
import { exportTfjs } from '../../engine/export/tfjs'
import { parseGraph } from '../../engine/graph/parse'
import type { GraphDoc } from '../../engine/graph/schema'
import { tempDir, tf, useWasm } from './helpers'

// the parity check is what fails after the ONNX bytes exist; make it fail on request
const parity = vi.hoisted(() => ({ fail: false }))
vi.mock('../../engine/export/onnx/parity', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../engine/export/onnx/parity')>()
  return {
    ...real,
    checkParity: (...args: Parameters<typeof real.checkParity>) => {
      if (parity.fail) throw new Error('onnxruntime: injected failure')
      return real.checkParity(...args)
    },
  }
})

const root = tempDir('deepwire-atomic-export-')
beforeAll(useWasm)
afterAll(() => rmSync(root, { recursive: true, force: true }))

function doc(dataset: GraphDoc['training']['dataset'] = { name: 'xor' }): GraphDoc {
  const parsed = parseGraph({
    format: 'deepwire-graph',
    version: 2,
    name: 'atomic',
    nodes: [
      { id: 'in', type: 'Input', params: { shape: [2] } },
      { id: 'out', type: 'Dense', params: { units: 2 } },
    ],
    edges: [{ source: 'in', target: 'out' }],
    training: { dataset },
  })
  if (!parsed.ok) throw new Error(parsed.errors[0].message)
  return parsed.doc
}

/** A fresh folder holding only `out`'s parent, so stray temp files show up in its listing. */
function place(name: string): { parent: string; out: string } {
  const parent = path.join(root, name)
  mkdirSync(parent)
  return { parent, out: path.join(parent, 'export') }
}

describe('an export that fails half-way', () => {
  it('PyTorch: the dataset fails after model.py and weights.npz were written — nothing is left', async () => {
    const { parent, out } = place('pytorch-fails')
    const missing = doc({ name: 'csv', path: path.join(root, 'no-such.csv') })
    await expect(exportPytorch(missing, null, out, { tf, data: true })).rejects.toThrow()
    expect(readdirSync(parent)).toEqual([])
  })

  it("PyTorch into an existing folder: the user's own files stay, none of the export's arrive", async () => {
    const { parent, out } = place('pytorch-existing')
    mkdirSync(out)
    writeFileSync(path.join(out, 'notes.txt'), 'mine')
    const missing = doc({ name: 'csv', path: path.join(root, 'no-such.csv') })
    await expect(exportPytorch(missing, null, out, { tf, data: true })).rejects.toThrow()
    expect(readdirSync(parent)).toEqual(['export'])
    expect(readdirSync(out)).toEqual(['notes.txt'])
  })

  it('ONNX: the parity run fails after the bytes were built — no .onnx is left', async () => {
    const { parent, out } = place('onnx-fails')
    parity.fail = true
    try {
      await expect(exportOnnxFile(doc(), null, `${out}.onnx`, { tf })).rejects.toThrow(/injected/)
    } finally {
      parity.fail = false
    }
    expect(readdirSync(parent)).toEqual([])
  })
})

describe('an export that succeeds', () => {
  it('PyTorch leaves its files and no temp folder', async () => {
    const { parent, out } = place('pytorch-ok')
    const r = await exportPytorch(doc(), null, out, { tf, data: true })
    expect(readdirSync(parent)).toEqual(['export'])
    expect(readdirSync(out).sort()).toEqual([
      'README.md',
      'data.npz',
      'data.py',
      'model.py',
      'train.py',
      'weights.npz',
    ])
    expect(r.files.map((f) => path.relative(out, f)).sort()).toEqual(readdirSync(out).sort())
  })

  it("PyTorch into an existing folder keeps the user's files and replaces its own", async () => {
    const { out } = place('pytorch-again')
    mkdirSync(out)
    writeFileSync(path.join(out, 'notes.txt'), 'mine')
    writeFileSync(path.join(out, 'model.py'), 'old')
    await exportPytorch(doc(), null, out, { tf })
    expect(readdirSync(out).sort()).toEqual([
      'README.md',
      'data.py',
      'model.py',
      'notes.txt',
      'train.py',
      'weights.npz',
    ])
  })

  it('tfjs and ONNX leave their files and no temp files', async () => {
    const { parent, out } = place('tfjs-onnx-ok')
    await exportTfjs(doc(), null, out, { tf })
    await exportOnnxFile(doc(), null, `${out}.onnx`, { tf })
    expect(readdirSync(parent).sort()).toEqual(['export', 'export.onnx'])
    expect(readdirSync(out).sort()).toEqual(['model.json', 'weights.bin'])
  })
})
