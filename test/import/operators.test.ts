/**
 * An "op soup" (test/import/py/torch_ops.py: plain tensor code in one nn.Module, exported by
 * torch.onnx.export) imports as layers plus generic operator nodes, matches PyTorch within 1e-4
 * relative (in the engine and through `deepwire run`), trains, and exports to ONNX again with
 * onnxruntime agreeing, and to PyTorch with torch agreeing.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importOnnx } from '../../engine/import/onnx/import'
import { importedCheckpoint } from '../../engine/import/onnx/weights'
import { restoreState } from '../../engine/train/state'
import { exportOnnx } from '../../engine/export/onnx/export'
import { checkParity } from '../../engine/export/onnx/parity'
import { npy } from '../../engine/export/pytorch/npz'
import { readNpy } from '../../engine/node/npy-read'
import { build, expectMatch, tempDir, tf, useWasm } from '../export/helpers'
import { checkPackages, exportWithOutputs } from '../export/pytorch-parity'

const dir = tempDir('deepwire-torch-ops-')
let meta: { input: number[]; output: number[]; params: number; constants: number }

beforeAll(async () => {
  await useWasm()
  const r = spawnSync('/usr/bin/python3', [path.resolve('test/import/py/torch_ops.py'), dir], {
    encoding: 'utf8',
  })
  if (r.status !== 0) throw new Error(`torch_ops.py failed: ${r.stderr}`)
  meta = JSON.parse(readFileSync(path.join(dir, 'opsoup.json'), 'utf8')) as typeof meta
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const floats = (file: string) => {
  const b = readFileSync(path.join(dir, file))
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength))
}

/** max |Δ| ≤ 1e-4 of the reference's largest magnitude. */
function expectClose(got: ArrayLike<number>, want: Float32Array, label: string) {
  expect(got.length, label).toBe(want.length)
  const scale = want.reduce((a, v) => Math.max(a, Math.abs(v)), 0)
  let diff = 0
  for (let i = 0; i < want.length; i++) diff = Math.max(diff, Math.abs(want[i] - got[i]))
  expect(diff, `${label}: max |Δ| against PyTorch's scale ${scale}`).toBeLessThanOrEqual(1e-4 * scale)
}

// what the soup must come back as: its layers, and an operator node for each piece of arithmetic
const OPERATORS = ['Slice', 'ReduceMax', 'Sub', 'Exp', 'AddOp', 'Log', 'Pow', 'ReduceMean', 'Sqrt', 'Div']
const MORE = ['MatMul', 'Abs', 'Reciprocal', 'ReduceSum', 'MulOp', 'Gather', 'Neg', 'Max', 'Min']

describe('an op soup written by torch.onnx.export', () => {
  it('imports as layers and operator nodes, matches PyTorch, exports again and trains', async () => {
    const imported = importOnnx(readFileSync(path.join(dir, 'opsoup.onnx')), {
      name: 'opsoup',
      modelDir: dir,
    })
    const { doc, checkpoint, analysis } = importedCheckpoint(tf, imported)
    expect(imported.warnings).toContainEqual(
      expect.stringMatching(/node 'Sub_1': its operand 'mu' \(6 values\) is kept as a fixed constant/),
    )
    const types = new Set(doc.nodes.map((n) => n.type))
    expect(
      [...OPERATORS, ...MORE, 'Conv2D', 'Dense', 'Permute', 'Reshape'].filter((t) => !types.has(t)),
    ).toEqual([])
    // x @ W by a 2-D parameter became a Dense (it trains); `mu`, used only in arithmetic, is a constant
    expect(analysis.totals.trainableParams).toBe(meta.params - meta.constants)
    const b = build(doc)
    try {
      await restoreState(tf, b.compiled.model, null, checkpoint)
      const x = tf.tidy(() => tf.tensor(floats('opsoup.in.bin'), meta.input).transpose([0, 2, 3, 1]))
      const y = b.compiled.model.predict(x) as ReturnType<typeof tf.tensor>
      expectClose(y.dataSync(), floats('opsoup.out.bin'), 'engine')
      tf.dispose([x, y])

      // exported to ONNX again: onnxruntime agrees with the engine
      const again = exportOnnx(b.doc, b.compiled)
      expectMatch(await checkParity(tf, b.compiled, b.analysis, again, { batch: 2 }), 'opsoup re-exported')

      // and as a PyTorch package: torch runs the generated model.py to the engine's numbers
      const pkg = path.join(dir, 'pytorch')
      await exportWithOutputs(b.doc, pkg)
      const [torchRun] = await checkPackages([pkg])
      expect(torchRun.error).toBeUndefined()
      expect(torchRun.maxDiff! / Math.max(1, torchRun.peak!)).toBeLessThan(1e-4)

      // and it trains: gradients flow through every operator back to the convolution
      const xs = tf.randomNormal([8, 8, 8, 3], 0, 1, 'float32', 1)
      const ys = tf.randomUniform([8, 5], -1, 1, 'float32', 2)
      const convBefore = b.compiled.model
        .getLayer(b.compiled.layerNames.get('conv')!)
        .getWeights()[0]
        .dataSync()
        .slice()
      b.compiled.model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' })
      const hist = await b.compiled.model.fit(xs, ys, {
        epochs: 10,
        batchSize: 8,
        shuffle: false,
        verbose: 0,
      })
      const loss = hist.history.loss as number[]
      expect(loss.every(Number.isFinite)).toBe(true)
      expect(loss.at(-1)!, `loss ${loss[0]} → ${loss.at(-1)}`).toBeLessThan(loss[0] * 0.9)
      const convAfter = b.compiled.model
        .getLayer(b.compiled.layerNames.get('conv')!)
        .getWeights()[0]
        .dataSync()
      expect(
        convAfter.some((v, i) => v !== convBefore[i]),
        'the convolution before the operators trained',
      ).toBe(true)
      tf.dispose([xs, ys])
    } finally {
      b.compiled.model.dispose()
    }
  }, 60_000)

  it("deepwire import, then deepwire run, gives PyTorch's outputs", () => {
    const cli = (...args: string[]) =>
      execFileSync(process.execPath, ['bin/deepwire.mjs', ...args], { encoding: 'utf8' })
    const out = path.join(dir, 'imported')
    const report = JSON.parse(cli('import', path.join(dir, 'opsoup.onnx'), '--out', out, '--json')) as {
      ok: boolean
      trainableParams: number
    }
    expect(report.ok).toBe(true)
    const [n, c, h, w] = meta.input
    const nhwc = tf.tidy(() =>
      tf.tensor(floats('opsoup.in.bin'), meta.input).transpose([0, 2, 3, 1]).dataSync(),
    )
    const input = path.join(dir, 'x.npy')
    writeFileSync(
      input,
      npy({ name: 'x', dtype: 'float32', shape: [n, h, w, c], data: nhwc as Float32Array }),
    )
    const output = path.join(dir, 'y.npy')
    cli(
      'run',
      path.join(out, 'graph.json'),
      '--checkpoint',
      path.join(out, 'opsoup.dwckpt'),
      '--input',
      input,
      '--output',
      output,
    )
    const y = readNpy(readFileSync(output), output)
    expect(y.shape).toEqual(meta.output)
    expectClose(y.data, floats('opsoup.out.bin'), 'deepwire run')
  }, 60_000)
})
