/**
 * Per-layer ONNX parity: a tiny graph per registry kind and per tricky parameter combination
 * (TF 'same' pads that come out asymmetric, transposed-conv cropping, layouts of vectors,
 * sequences and images), each compared with the engine through onnxruntime. A layer type without
 * an emitter, or without a case here, fails the suite.
 */
import { rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OnnxExportError } from '../../engine/export/onnx/types'
import { exportOnnx } from '../../engine/export/onnx/export'
import { runOnnx } from '../../engine/export/onnx/run'
import { getLayer, layerKinds } from '../../engine/layers'
import { doc } from '../helpers/graph'
import { build, exportAndCompare, expectMatch, runChecker, tempDir, useWasm, writeModel } from './helpers'
import { CASES, caseDoc } from './helpers-cases'

const dir = tempDir('deepwire-onnx-layers-')
const written: string[] = []

beforeAll(useWasm)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('ONNX emitters', () => {
  it('every registry kind has an emitter and at least one parity case', () => {
    const covered = new Set(CASES.flatMap((c) => c.layers.map(([t]) => t)))
    for (const kind of layerKinds()) {
      expect(getLayer(kind)!.toOnnx, `${kind}.toOnnx`).toBeTypeOf('function')
      expect(covered.has(kind) || kind === 'Input', `a parity case using ${kind}`).toBe(true)
    }
  })

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (name, c) => {
    const b = build(caseDoc(c))
    try {
      const { parity, bytes } = await exportAndCompare(b, 2)
      expectMatch(parity, name)
      written.push(writeModel(dir, name, bytes))
    } finally {
      b.compiled.model.dispose()
    }
  })

  it('names inputs and outputs after their nodes and keeps them NHWC', async () => {
    const g = doc(
      [
        { id: 'image', type: 'Input', params: { shape: [6, 6, 2] } },
        { id: 'conv', type: 'Conv2D', params: { filters: 3, padding: 'same' } },
        { id: 'features', type: 'Output' },
        { id: 'raw', type: 'Output' },
        { id: 'flat', type: 'Flatten' },
        { id: 'logits', type: 'Dense', params: { units: 4 } },
        { id: 'scores', type: 'Output' },
        { id: 'unused', type: 'Dense', params: { units: 2 } },
      ],
      [
        ['image', 'conv'],
        ['conv', 'features'],
        ['image', 'raw'],
        ['conv', 'flat'],
        ['flat', 'logits'],
        ['logits', 'scores'],
        ['flat', 'unused'],
      ],
    )
    const b = build(g)
    try {
      const { parity, bytes } = await exportAndCompare(b, 2)
      // with Output nodes present, the other sinks ('unused') are not outputs and are left out
      expect(parity.outputs.map((o) => o.name).sort()).toEqual(['features', 'raw', 'scores'])
      expectMatch(parity, 'multi-output')
      written.push(writeModel(dir, 'multi-output', bytes))
    } finally {
      b.compiled.model.dispose()
    }
  })

  // tfjs' predict cannot return one tensor twice, so this one is checked in onnxruntime alone
  it('publishes one tensor as two outputs', async () => {
    const g = doc(
      [
        { id: 'x', type: 'Input', params: { shape: [4, 4, 2] } },
        { id: 'pool', type: 'MaxPool2D' },
        { id: 'a', type: 'Output' },
        { id: 'b', type: 'Output' },
      ],
      [
        ['x', 'pool'],
        ['pool', 'a'],
        ['pool', 'b'],
      ],
    )
    const b = build(g)
    try {
      const bytes = exportOnnx(b.doc, b.compiled)
      const x = Float32Array.from({ length: 32 }, (_, i) => i)
      const { outputs } = await runOnnx(bytes, { x: { data: x, dims: [1, 4, 4, 2] } })
      expect(outputs.a.dims).toEqual([1, 2, 2, 2])
      // NHWC: channel 0 of the top-left window is max(0, 2, 8, 10)
      expect(Array.from(outputs.a.data)).toEqual([10, 11, 14, 15, 26, 27, 30, 31])
      expect(Array.from(outputs.b.data)).toEqual(Array.from(outputs.a.data))
    } finally {
      b.compiled.model.dispose()
    }
  })

  it('names the node and the layer type when something cannot be exported', () => {
    const b = build(caseDoc({ name: 'dense', inputs: [[4]], layers: [['Dense', { units: 2 }]] }))
    try {
      const analysis = { ...b.analysis, order: b.analysis.order.map((n) => ({ ...n })) }
      const dense = analysis.order.find((n) => n.id === 'l1')!
      dense.params = { ...dense.params, activation: 'hardSigmoid' }
      expect(() => exportOnnx(b.doc, b.compiled, { analysis })).toThrow(
        new OnnxExportError('l1', 'Dense', "activation 'hardSigmoid' has no ONNX form"),
      )
      dense.def = { ...dense.def, toOnnx: undefined }
      expect(() => exportOnnx(b.doc, b.compiled, { analysis })).toThrow(
        "cannot export node 'l1' (Dense) to ONNX: Dense has no ONNX emitter",
      )
    } finally {
      b.compiled.model.dispose()
    }
  })

  // npm test's preflight makes sure the checker is installed: never skipped
  it('every file passes onnx.checker.check_model(full_check=True)', () => {
    expect(written.length).toBe(CASES.length + 1)
    for (const r of runChecker(written)) expect(r.error, r.file).toBeNull()
  })
})
