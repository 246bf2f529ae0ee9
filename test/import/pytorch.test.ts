/**
 * Models written by PyTorch's own exporter (test/import/py/torch_models.py, generated in a temp
 * folder with Debian's python3-torch) import and match PyTorch's outputs within 1e-4 relative.
 * PyTorch folds eval-mode BatchNorm2d into the convolution before it writes the file, so those
 * BatchNorms arrive as convolution biases: the same function with C fewer trainable numbers per
 * folded BatchNorm than PyTorch counts.
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
import type { GraphDoc } from '../../engine/graph/schema'
import { build, expectMatch, tempDir, tf, useWasm } from '../export/helpers'

const dir = tempDir('deepwire-torch-import-')
let meta: Record<string, { input: number[]; output: number[]; params: number; folded: number }>

beforeAll(async () => {
  await useWasm()
  const r = spawnSync('/usr/bin/python3', [path.resolve('test/import/py/torch_models.py'), dir], {
    encoding: 'utf8',
  })
  if (r.status !== 0) throw new Error(`torch_models.py failed: ${r.stderr}`)
  meta = JSON.parse(readFileSync(path.join(dir, 'models.json'), 'utf8')) as typeof meta
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const floats = (file: string) => {
  const b = readFileSync(path.join(dir, file))
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength))
}

/** Adam on 8 random NHWC images against a fixed random target; the first and last epoch's loss. */
async function fitRandom(model: tf.LayersModel, input: number[], output: number[]) {
  const [, c, h, w] = input
  const x = tf.randomNormal([8, h, w, c], 0, 1, 'float32', 1)
  const y = tf.randomUniform([8, ...output.slice(1)], 0, 1, 'float32', 2)
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' })
  const hist = await model.fit(x, y, { epochs: 8, batchSize: 8, shuffle: false, verbose: 0 })
  tf.dispose([x, y])
  const loss = hist.history.loss as number[]
  return { first: loss[0], last: loss.at(-1)! }
}

/** Layers each model must come back as (not merely something numerically equal). */
const LAYERS = {
  rescnn: ['Conv2D', 'MaxPool2D', 'Add', 'AvgPool2D', 'Concatenate', 'Flatten', 'Dense', 'Softmax'],
  gaphead: ['DepthwiseConv2D', 'GlobalAvgPool', 'BatchNorm', 'LeakyReLU', 'Sigmoid', 'Tanh'],
  mobilenet: ['ReLU6', 'DepthwiseConv2D', 'GlobalAvgPool', 'Add'],
  // four parallel branches concatenated on channels, twice
  inception: ['Conv2D', 'MaxPool2D', 'Concatenate', 'GlobalAvgPool', 'Dense'],
  // every layer of a block reads the concatenation of all earlier feature maps
  densenet: ['Conv2D', 'Concatenate', 'AvgPool2D', 'Flatten', 'Dense'],
  // torchvision's own model, at a small input
  resnet18: ['Conv2D', 'MaxPool2D', 'Add', 'GlobalAvgPool', 'Dense'],
  // ConvTranspose2d(stride 2, padding 1, output_padding 1) and (kernel 4, stride 2, padding 1)
  deconv: ['Conv2D', 'Conv2DTranspose', 'AvgPool2D', 'Flatten'],
}

describe('ONNX files written by torch.onnx.export', () => {
  it('follows weights saved as external data beside the model', () => {
    const folder = path.join(dir, 'external')
    const file = readFileSync(path.join(folder, 'gaphead.onnx'))
    // the .onnx itself holds no weights any more
    expect(file.length).toBeLessThan(4096)
    const inline = importOnnx(readFileSync(path.join(dir, 'gaphead.onnx')), { name: 'g', modelDir: dir })
    const external = importOnnx(file, { name: 'g', modelDir: folder })
    expect([...external.weights]).toEqual([...inline.weights])
    expect(() => importOnnx(file, { name: 'g', modelDir: null })).toThrow(
      /only a model read from disk can use/,
    )
  })

  it.each(Object.keys(LAYERS) as (keyof typeof LAYERS)[])('%s matches PyTorch', async (name) => {
    const m = meta[name]
    const imported = importOnnx(readFileSync(path.join(dir, `${name}.onnx`)), { name, modelDir: dir })
    const { doc, checkpoint, analysis } = importedCheckpoint(tf, imported)
    // each folded BatchNorm2d's 2·C parameters became a C-long convolution bias
    expect(analysis.totals.trainableParams).toBe(m.params - m.folded)
    const types = new Set(analysis.order.map((n) => n.type))
    expect([...LAYERS[name]].filter((t) => !types.has(t))).toEqual([])
    const b = build(doc)
    try {
      await restoreState(tf, b.compiled.model, null, checkpoint)
      // PyTorch took NCHW; the engine takes the same images channels-last
      const x = tf.tidy(() => tf.tensor(floats(`${name}.in.bin`), m.input).transpose([0, 2, 3, 1]))
      const y = b.compiled.model.predict(x) as ReturnType<typeof tf.tensor>
      const got = y.dataSync()
      tf.dispose([x, y])
      const want = floats(`${name}.out.bin`)
      expect(got.length).toBe(want.length)
      const scale = want.reduce((a, v) => Math.max(a, Math.abs(v)), 0)
      const diff = want.reduce((a, v, i) => Math.max(a, Math.abs(v - got[i])), 0)
      expect(diff, `max |Δ| against PyTorch's scale ${scale}`).toBeLessThanOrEqual(1e-4 * scale)
      // and the imported graph exports to ONNX again, onnxruntime agreeing with the engine
      const again = exportOnnx(b.doc, b.compiled)
      expectMatch(await checkParity(tf, b.compiled, b.analysis, again, { batch: 2 }), `${name} re-exported`)
      // and it trains from the imported weights: the loss on a fixed regression target falls
      const { first, last } = await fitRandom(b.compiled.model, m.input, m.output)
      expect(last, `${name}: loss ${first} → ${last}`).toBeLessThan(first * 0.9)
    } finally {
      b.compiled.model.dispose()
    }
  })
})

describe('structure for people', () => {
  it("torchvision's ResNet-18 opens as stem → layer1…layer4 → head, each residual block a block named after its module", () => {
    const m = meta.resnet18
    const imported = importOnnx(readFileSync(path.join(dir, 'resnet18.onnx')), { name: 'r', modelDir: dir })
    const doc = imported.doc as GraphDoc
    expect(doc.nodes.map((n) => `${n.id}:${n.type}`)).toEqual([
      'image:Input',
      'stem:Block',
      ...[1, 2, 3, 4].map((i) => `layer${i}:Block`),
      // the head stays at the top level, where fine-tuning replaces it
      'avgpool:GlobalAvgPool',
      'fc:Dense',
      'scores:Output',
    ])
    const inner = (block: string) => doc.blocks[block].nodes.map((n) => n.id)
    expect(inner('stem')).toEqual(['conv1', 'relu', 'maxpool'])
    for (const i of [1, 2, 3, 4]) {
      expect(doc.blocks[`layer${i}`].nodes.map((n) => [n.id, n.type, n.block])).toEqual([
        ['0', 'Block', `layer${i}.0`],
        ['1', 'Block', `layer${i}.1`],
      ])
      // BasicBlock: two 3×3 convolutions (BatchNorm folded in by PyTorch), the residual Add
      expect(inner(`layer${i}.1`)).toEqual(['conv1', 'relu', 'conv2', 'add', 'relu_1'])
      // the first block of layer2…4 halves the size: its 1×1 projection is named after its module
      expect(inner(`layer${i}.0`).includes('downsample')).toBe(i > 1)
    }
    // weights are keyed by the nodes' expanded ids, and all of PyTorch's numbers are there
    expect([...imported.weights.keys()]).toContain('layer3/0/downsample')
    const { analysis } = importedCheckpoint(tf, imported)
    expect(analysis.totals.trainableParams).toBe(m.params - m.folded)
    expect(analysis.order.map((n) => n.id)).toContain('layer4/1/conv2')
  })
})

describe('deepwire import, then deepwire run on a NumPy array', () => {
  it.each(['mobilenet', 'inception', 'densenet'])(
    "gives PyTorch's outputs for %s",
    (name) => {
      const m = meta[name]
      const cli = (...args: string[]) =>
        execFileSync(process.execPath, ['bin/deepwire.mjs', ...args], { encoding: 'utf8' })
      const out = path.join(dir, `${name}-imported`)
      cli('import', path.join(dir, `${name}.onnx`), '--out', out, '--json')
      // the engine takes images channels-last
      const nhwc = tf.tidy(() =>
        tf
          .tensor(floats(`${name}.in.bin`), m.input)
          .transpose([0, 2, 3, 1])
          .dataSync(),
      )
      const [n, c, h, w] = m.input
      const input = path.join(dir, `${name}.nhwc.npy`)
      writeFileSync(
        input,
        npy({ name: 'x', dtype: 'float32', shape: [n, h, w, c], data: nhwc as Float32Array }),
      )
      const output = path.join(dir, `${name}.y.npy`)
      cli(
        'run',
        path.join(out, 'graph.json'),
        '--checkpoint',
        path.join(out, `${name}.dwckpt`),
        '--input',
        input,
        '--output',
        output,
      )
      const y = readNpy(readFileSync(output), output)
      expect(y.shape).toEqual(m.output)
      const want = floats(`${name}.out.bin`)
      const scale = want.reduce((a, v) => Math.max(a, Math.abs(v)), 0)
      want.forEach((v, i) => expect(Math.abs(v - y.data[i])).toBeLessThanOrEqual(1e-4 * scale))
    },
    30_000,
  )
})
