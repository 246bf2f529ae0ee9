/**
 * SPEC §7: every preset exports to ONNX, onnxruntime runs the file and matches the engine, and
 * the file passes the ONNX checker. Loops over whatever is in presets/, so a new preset is
 * covered the day it lands.
 */
import { readFileSync, readdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { prod } from '../../engine/layers/types'
import { build, exportAndCompare, expectMatch, runChecker, tempDir, useWasm, writeModel } from './helpers'

const PRESETS = path.resolve('presets')
const files = readdirSync(PRESETS)
  .filter((f) => f.endsWith('.json'))
  .sort()

const dir = tempDir('deepwire-onnx-presets-')
const written = new Map<string, string>()
const report: string[] = []

beforeAll(useWasm)
afterAll(() => {
  console.log(`ONNX parity (max |onnx − tfjs|, output scale):\n${report.join('\n')}`)
  rmSync(dir, { recursive: true, force: true })
})

describe('ONNX export of every preset', () => {
  it('finds the presets', () => expect(files.length).toBeGreaterThan(0))

  it.each(files)('%s: onnxruntime matches the engine', async (f) => {
    const b = build(JSON.parse(readFileSync(path.join(PRESETS, f), 'utf8')))
    try {
      const inputSize = Math.max(...b.analysis.inputs.map((id) => prod(shapeOf(b, id))))
      // the 224×224 presets at batch 1 keep the wasm forward pass to seconds
      const { parity, bytes } = await exportAndCompare(b, inputSize > 40_000 ? 1 : 3, f)
      report.push(
        `  ${f}: ${parity.outputs.map((o) => `${o.name} ${o.maxAbsDiff.toExponential(2)} (${o.maxAbs.toPrecision(3)})`).join(', ')}`,
      )
      expectMatch(parity, f)
      written.set(f, writeModel(dir, f, bytes))
    } finally {
      b.compiled.model.dispose()
    }
  })

  // npm test's preflight makes sure the checker is installed: never skipped
  it('every file passes onnx.checker.check_model(full_check=True)', () => {
    expect(written.size).toBe(files.length)
    const results = runChecker([...written.values()])
    for (const r of results) {
      expect(r.error, r.file).toBeNull()
      expect(r.opset).toBe(17)
      expect(r.producer).toBe('Deepwire')
      expect(r.inputDims[0]).toBe('batch')
      expect(r.metadata.preset).toBe(path.basename(r.file).replace(/\.onnx$/, ''))
      expect(Number(r.metadata['metric.accuracy'])).toBe(0.5)
      expect(r.metadata.graph_name).toBeTruthy()
      expect(r.metadata.dataset).toBeTruthy()
    }
  })
})

function shapeOf(b: ReturnType<typeof build>, id: string): number[] {
  return b.analysis.order.find((n) => n.id === id)!.outputShape
}
