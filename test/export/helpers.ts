/**
 * Shared steps of the ONNX parity tests: build a graph on the wasm backend with weights that
 * exercise every parameter (random biases, BatchNorm statistics far from 0 and 1), export it,
 * compare onnxruntime with `model.predict`, and run the official ONNX checker over the files.
 */
import * as tf from '@tensorflow/tfjs'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { expect } from 'vitest'
import { initBackend } from '../../engine/backend/select'
import { compile, type Compiled } from '../../engine/compile/compile'
import { analyze, type Analysis } from '../../engine/graph/analyze'
import { formatIssue } from '../../engine/graph/issues'
import { parseGraph } from '../../engine/graph/parse'
import type { GraphDoc } from '../../engine/graph/schema'
import { exportOnnx } from '../../engine/export/onnx/export'
import { checkParity, type Parity } from '../../engine/export/onnx/parity'
import { random } from '../unit/backend/helpers'

export { tf }

export const useWasm = () => initBackend(tf, 'wasm')

export interface Built {
  doc: GraphDoc
  analysis: Analysis
  compiled: Compiled
}

export function build(raw: unknown, seed = 42): Built {
  const parsed = parseGraph(raw)
  if (!parsed.ok) throw new Error(parsed.errors.map(formatIssue).join('\n'))
  const analysis = analyze(parsed.doc)
  if (!analysis.ok) throw new Error(analysis.errors.map(formatIssue).join('\n'))
  return { doc: parsed.doc, analysis, compiled: compile(tf, analysis, { seed }) }
}

/**
 * Kernels keep their seeded initialisers; everything that starts at 0 or 1 gets random values, so
 * a dropped bias or a BatchNorm exported in training mode (batch statistics) shows up as a diff.
 */
export function randomizeWeights(compiled: Compiled, seed: number): void {
  compiled.model.weights.forEach((w, i) => {
    const kind = w.originalName.split('/').pop()!
    const shape = w.shape.map(Number)
    const r = random(shape, seed * 1000 + i).values
    let values: number[] | null = null
    if (kind === 'gamma' || kind === 'moving_variance') values = r.map((v) => 1 + 0.5 * v)
    else if (['bias', 'beta', 'moving_mean', 'alpha'].includes(kind)) values = r.map((v) => 0.5 * v)
    if (!values) return
    const t = tf.tensor(values, shape)
    w.write(t)
    t.dispose()
  })
}

export interface Checked {
  parity: Parity
  bytes: Uint8Array
}

/** Exports with randomised weights and compares onnxruntime with the engine on one random batch. */
export async function exportAndCompare(b: Built, batch: number, preset?: string): Promise<Checked> {
  randomizeWeights(b.compiled, 3)
  const bytes = exportOnnx(b.doc, b.compiled, { preset, metrics: { accuracy: 0.5 } })
  const parity = await checkParity(tf, b.compiled, b.analysis, bytes, { batch, seed: 11 })
  return { parity, bytes }
}

/**
 * Within 1e-4, relative to the output's size once it exceeds 1 (float32 sums in a different
 * order), and within 1e-3 of the output's own scale, so a wrong layer cannot hide behind the tiny
 * activations a deep randomly initialised network produces.
 */
export function expectMatch(p: Parity, label: string): void {
  for (const o of p.outputs) {
    expect(o.maxAbsDiff, `${label}: output '${o.name}'`).toBeLessThanOrEqual(1e-4 * Math.max(1, o.maxAbs))
    expect(o.maxAbsDiff, `${label}: output '${o.name}' vs its scale ${o.maxAbs}`).toBeLessThanOrEqual(
      1e-3 * o.maxAbs + 1e-6,
    )
  }
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), prefix))
}

export function writeModel(dir: string, name: string, bytes: Uint8Array): string {
  const file = path.join(dir, name.replace(/[^A-Za-z0-9_.-]/g, '_') + '.onnx')
  writeFileSync(file, bytes)
  return file
}

const PYTHON = '/usr/bin/python3'

export interface CheckerResult {
  file: string
  error: string | null
  opset: number
  producer: string
  metadata: Record<string, string>
  /** first input's dims, symbolic ones as their dim_param */
  inputDims: (number | string)[]
}

const CHECK = `
import json, sys, onnx
out = []
for f in sys.argv[1:]:
    m = onnx.load(f)
    try:
        onnx.checker.check_model(m, full_check=True)
        error = None
    except Exception as e:
        error = str(e)
    dims = [d.dim_param or d.dim_value for d in m.graph.input[0].type.tensor_type.shape.dim]
    out.append(dict(file=f, error=error, opset=m.opset_import[0].version, producer=m.producer_name,
                    metadata={p.key: p.value for p in m.metadata_props}, inputDims=dims))
print(json.dumps(out))
`

/** onnx.checker.check_model(full_check=True) over all files in one Python process. */
export function runChecker(files: string[]): CheckerResult[] {
  const r = spawnSync(PYTHON, ['-c', CHECK, ...files], { encoding: 'utf8', maxBuffer: 64 << 20 })
  if (r.status !== 0) throw new Error(`python onnx checker failed: ${r.stderr}`)
  return JSON.parse(r.stdout) as CheckerResult[]
}
