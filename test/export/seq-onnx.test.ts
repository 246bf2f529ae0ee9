/**
 * ONNX parity of whole sequence models (seq-graphs.ts): a Transformer encoder block with a
 * padding mask and a seq2seq model wiring an encoder state into a decoder, compared with the
 * engine through onnxruntime and passed through the official checker. The per-layer cases run
 * in onnx-layers.test.ts.
 */
import { rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { build, exportAndCompare, expectMatch, runChecker, tempDir, useWasm, writeModel } from './helpers'
import { SEQ_GRAPHS } from './seq-graphs'

const dir = tempDir('deepwire-seq-onnx-')
beforeAll(useWasm)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('sequence models: ONNX export matches the engine', () => {
  it.each(Object.entries(SEQ_GRAPHS))('%s', async (name, graph) => {
    const b = build(graph)
    try {
      const { parity, bytes } = await exportAndCompare(b, 3)
      for (const o of parity.outputs)
        console.log(
          `${name}: max |onnxruntime − engine| = ${o.maxAbsDiff.toExponential(2)} (outputs up to ${o.maxAbs.toPrecision(3)})`,
        )
      expect(parity.outputs.length).toBeGreaterThan(0)
      expectMatch(parity, name)
      const [checked] = runChecker([writeModel(dir, name, bytes)])
      expect(checked.error).toBeNull()
    } finally {
      b.compiled.model.dispose()
    }
  })
})
