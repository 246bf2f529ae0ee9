/**
 * Language models written by PyTorch's exporter (test/import/py/torch_seq_models.py, generated in a
 * temp folder with Debian's python3-torch): nn.Embedding → batch_first nn.LSTM / nn.GRU →
 * nn.Linear import as Embedding → LSTM / GRU → Dense, and an nn.TransformerEncoder classifier with
 * its attention fused to MultiHeadAttention, each with PyTorch's parameter count; they give
 * PyTorch's outputs through `deepwire run` on int64 token ids, train, and export to ONNX again.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
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

const dir = tempDir('deepwire-torch-seq-import-')
let meta: Record<string, { input: number[]; output: number[]; params: number }>

beforeAll(async () => {
  await useWasm()
  const r = spawnSync('/usr/bin/python3', [path.resolve('test/import/py/torch_seq_models.py'), dir], {
    encoding: 'utf8',
  })
  if (r.status !== 0) throw new Error(`torch_seq_models.py failed: ${r.stderr}`)
  meta = JSON.parse(readFileSync(path.join(dir, 'seq_models.json'), 'utf8')) as typeof meta
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const bytes = (file: string) => {
  const b = readFileSync(path.join(dir, file))
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)
}
const cli = (...args: string[]) =>
  execFileSync(process.execPath, ['bin/deepwire.mjs', ...args], { encoding: 'utf8' })

const MODELS = {
  lstm: ['Embedding', 'LSTM', 'Dense'],
  gru: ['Embedding', 'GRU', 'Dense'],
  // the final hidden state h_n only
  lstm_last: ['Embedding', 'LSTM', 'Dense'],
  gru_last: ['Embedding', 'GRU', 'Dense'],
  // num_layers=2 (one operator per layer), bidirectional: two layers, each both directions concatenated
  bilstm2: ['Embedding', 'LSTM', 'LSTM', 'Dense'],
  bigru2: ['Embedding', 'GRU', 'GRU', 'Dense'],
  lstm2: ['Embedding', 'LSTM', 'LSTM', 'Dense'],
  // nn.MultiheadAttention's exported subgraph fused back to one layer per encoder layer
  transformer: ['Embedding', 'MultiHeadAttention', 'Add', 'LayerNorm', 'Dense', 'ReLU', 'GlobalAvgPool'],
  // LayerNorm written out as ReduceMean/Sub/Pow/Add/Sqrt/Div/Mul/Add, fused back
  transformer_opset14: ['Embedding', 'MultiHeadAttention', 'LayerNorm', 'Dense', 'GlobalAvgPool'],
}

describe('PyTorch sequence models (LSTM/GRU language models, a TransformerEncoder classifier)', () => {
  it.each(Object.keys(MODELS) as (keyof typeof MODELS)[])(
    "%s: deepwire run gives PyTorch's outputs; it trains and exports again",
    async (name) => {
      const m = meta[name]
      const out = path.join(dir, `${name}-imported`)
      const report = JSON.parse(cli('import', path.join(dir, `${name}.onnx`), '--out', out, '--json')) as {
        trainableParams: number
      }
      expect(report.trainableParams).toBe(m.params)
      const ids = path.join(dir, `${name}.ids.npy`)
      writeFileSync(
        ids,
        npy({
          name: 'ids',
          dtype: 'int64',
          shape: m.input,
          data: new BigInt64Array(bytes(`${name}.ids.bin`)),
        }),
      )
      const yFile = path.join(dir, `${name}.y.npy`)
      cli(
        'run',
        path.join(out, 'graph.json'),
        '--checkpoint',
        path.join(out, `${name}.dwckpt`),
        '--input',
        ids,
        '--output',
        yFile,
      )
      const y = readNpy(readFileSync(yFile), yFile)
      expect(y.shape).toEqual(m.output)
      const want = new Float32Array(bytes(`${name}.out.bin`))
      const scale = want.reduce((a, v) => Math.max(a, Math.abs(v)), 0)
      const diff = want.reduce((a, v, i) => Math.max(a, Math.abs(v - Number(y.data[i]))), 0)
      expect(diff, `max |Δ| against PyTorch's scale ${scale}`).toBeLessThanOrEqual(1e-4 * scale)

      const imported = importOnnx(readFileSync(path.join(dir, `${name}.onnx`)), { name, modelDir: dir })
      const { doc, checkpoint, analysis } = importedCheckpoint(tf, imported)
      const types = new Set(analysis.order.map((n) => n.type))
      expect(MODELS[name].filter((t) => !types.has(t))).toEqual([])
      if (name.endsWith('2')) {
        // one engine layer per PyTorch layer, each reading both directions when bidirectional
        const layers = analysis.order.filter((n) => n.type === MODELS[name][1])
        expect(layers.map((n) => n.params.bidirectional)).toEqual(
          Array(2).fill(name.startsWith('bi') ? 'concat' : 'none'),
        )
      }
      const b = build(doc)
      try {
        await restoreState(tf, b.compiled.model, null, checkpoint)
        const again = exportOnnx(b.doc, b.compiled)
        expectMatch(await checkParity(tf, b.compiled, b.analysis, again, { batch: 2 }), `${name} re-exported`)
        // next-token-style training from the imported weights: the loss falls
        const x = tf.randomUniform([16, m.input[1]], 0, m.output.at(-1)!, 'int32', 1)
        const target = tf.randomUniform([16, ...m.output.slice(1)], 0, 1, 'float32', 2)
        b.compiled.model.compile({ optimizer: tf.train.adam(0.02), loss: 'meanSquaredError' })
        const h = await b.compiled.model.fit(x, target, { epochs: 10, batchSize: 16, verbose: 0 })
        tf.dispose([x, target])
        const loss = h.history.loss as number[]
        expect(loss.at(-1)!, `loss ${loss[0]} → ${loss.at(-1)}`).toBeLessThan(loss[0] * 0.9)
      } finally {
        b.compiled.model.dispose()
      }
    },
    60_000,
  )
})

describe('nn.MultiheadAttention given a mask', () => {
  it.each(['transformer_causal', 'transformer_padmask'])(
    '%s is refused in one line naming the attention module, nothing written',
    (name) => {
      const out = path.join(dir, `${name}-imported`)
      const r = spawnSync(
        process.execPath,
        ['bin/deepwire.mjs', 'import', path.join(dir, `${name}.onnx`), '--out', out],
        {
          encoding: 'utf8',
        },
      )
      expect(r.status).toBe(1)
      const lines = r.stderr.trim().split('\n')
      // the count line, then the one operator: the mask's own nodes are not listed
      expect(lines).toHaveLength(2)
      expect(lines[1]).toMatch(
        /^ {2}MultiheadAttention 'encoder\/layers\.0\/self_attn': it is given a mask .*; Deepwire imports only unmasked self-attention/,
      )
      expect(existsSync(out)).toBe(false)
    },
  )
})
