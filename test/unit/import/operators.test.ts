/**
 * Generic operator nodes through ONNX and back: every operator case exported by the engine
 * imports as the same operator with the same numbers; gradients through broadcasting operators
 * match finite differences; a saved tfjs model of operators reloads; and the layouts an operator
 * cannot keep apart are refused on one line each.
 */
import { describe, expect, it, beforeAll } from 'vitest'
import { encodeModel, type Attrs, type TensorSpec } from '../../../engine/export/onnx/proto'
import { exportOnnx } from '../../../engine/export/onnx/export'
import { importOnnx } from '../../../engine/import/onnx/import'
import { importedCheckpoint } from '../../../engine/import/onnx/weights'
import { OnnxImportError } from '../../../engine/import/onnx/state'
import { restoreState } from '../../../engine/train/state'
import { getLayer } from '../../../engine/layers'
import { build, tf, useWasm } from '../../export/helpers'
import { caseDoc } from '../../export/helpers-cases'
import { OPERATOR_CASES } from '../../export/operator-cases'
import { build as buildLayer } from '../layers/build'

beforeAll(useWasm)

/** The same graph's outputs on one seeded batch. */
function outputs(model: tf.LayersModel, shapes: number[][]): Float32Array {
  const xs = shapes.map((s, i) => tf.randomNormal([2, ...s], 0, 1, 'float32', 7 + i))
  const y = model.predict(xs.length === 1 ? xs[0] : xs) as tf.Tensor
  const out = y.dataSync() as Float32Array
  tf.dispose([...xs, y])
  return out
}

// an Add or Mul of two same-shaped inputs is the merge layer's pattern, so it comes back as that
const sameAs: Record<string, string[]> = {
  AddOp: ['AddOp', 'Add'],
  MulOp: ['MulOp', 'Multiply'],
  // and a mean or max over the time axis is the global pooling layers'
  ReduceMean: ['ReduceMean', 'GlobalAvgPool'],
  ReduceMax: ['ReduceMax', 'GlobalMaxPool'],
}

describe('operator nodes: engine → ONNX → engine', () => {
  it.each(OPERATOR_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const b = build(caseDoc(c))
    try {
      const bytes = exportOnnx(b.doc, b.compiled)
      const imported = importOnnx(bytes, { name: 'round', modelDir: null })
      const { doc, checkpoint } = importedCheckpoint(tf, imported)
      const kinds = doc.nodes.map((n) => n.type).filter((t) => t !== 'Input' && t !== 'Output')
      const want = c.layers.map(([t]) => t)
      expect(kinds.length).toBe(want.length)
      kinds.forEach((t, i) => expect(sameAs[want[i]] ?? [want[i]]).toContain(t))
      const back = build(doc)
      try {
        await restoreState(tf, back.compiled.model, null, checkpoint)
        const [got, ref] = [outputs(back.compiled.model, c.inputs), outputs(b.compiled.model, c.inputs)]
        const diff = ref.reduce((a, v, i) => Math.max(a, Math.abs(v - got[i])), 0)
        expect(diff).toBeLessThanOrEqual(1e-5 * Math.max(1, ...ref.map(Math.abs)))
      } finally {
        back.compiled.model.dispose()
      }
    } finally {
      b.compiled.model.dispose()
    }
  })
})

describe('operator gradients', () => {
  // broadcasting operands: the gradient of the smaller one sums over the axes it was stretched on
  it.each([
    ['AddOp', {}],
    ['MulOp', {}],
    ['Sub', {}],
    ['Div', {}],
    ['Pow', {}],
    ['Max', {}],
    ['Min', {}],
    ['MatMul', {}],
  ] as const)('%s matches finite differences', (kind, params) => {
    const shapes =
      kind === 'MatMul'
        ? [
            [2, 3, 4],
            [1, 4, 2],
          ]
        : [
            [3, 4],
            [1, 4],
          ]
    const b = buildLayer(kind, params, shapes)
    const xs = shapes.map((s, i) => tf.randomUniform([2, ...s], 0.5, 2, 'float32', 3 + i))
    const loss = (a: tf.Tensor, c: tf.Tensor) =>
      tf.sum(tf.sin(b.model.apply([a, c]) as tf.Tensor)) as tf.Scalar
    const grads = tf.grads((a, c) => loss(a, c))(xs)
    grads.forEach((g, k) => {
      expect(g.shape).toEqual(xs[k].shape)
      const data = xs[k].dataSync()
      const analytic = g.dataSync()
      for (const i of [0, data.length - 1]) {
        const shifted = (h: number) => {
          const v = data.slice()
          v[i] += h
          const t = tf.tensor(v, xs[k].shape)
          const args = k === 0 ? [t, xs[1]] : [xs[0], t]
          const r = loss(args[0], args[1]).dataSync()[0]
          t.dispose()
          return r
        }
        const numeric = (shifted(1e-2) - shifted(-1e-2)) / 2e-2
        expect(Math.abs(numeric - analytic[i])).toBeLessThan(2e-2 * Math.max(1, Math.abs(numeric)))
      }
    })
    tf.dispose([...xs, ...grads])
    b.model.dispose()
  })
})

describe('operator nodes in a saved tfjs model', () => {
  it('reload by kind with their parameters', async () => {
    const b = build(
      caseDoc({
        name: 'chain',
        inputs: [[6, 4]],
        layers: [
          ['Slice', { axes: [1], starts: [-1], ends: [-100], steps: [-2] }],
          ['Sub', { constant: [1, 2, 3, 4], constantShape: [4], constantFirst: true }],
          ['ReduceMax', { axes: [2] }],
        ],
      }),
    )
    const saved = await new Promise<tf.io.ModelArtifacts>((resolve) => {
      void b.compiled.model.save(
        tf.io.withSaveHandler(async (a) => {
          resolve(a)
          return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }
        }),
      )
    })
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved))
    expect(outputs(loaded, [[6, 4]])).toEqual(outputs(b.compiled.model, [[6, 4]]))
    loaded.dispose()
    b.compiled.model.dispose()
  })
})

const init = (name: string, dims: number[], data?: number[]): TensorSpec => ({
  name,
  dtype: data ? 'int64' : 'float32',
  dims,
  data: data
    ? BigInt64Array.from(data.map(BigInt))
    : new Float32Array(dims.reduce((a, x) => a * x, 1)).fill(0.5),
})

/** One node over the NCHW image 'x' [N, 4, 6, 6] (and `extra` initializers), its output the graph's. */
function oneOp(
  op: string,
  attrs: Attrs,
  extra: TensorSpec[] = [],
  inputs = ['x', ...extra.map((t) => t.name)],
  dims: (string | number)[] = ['batch', 4, 6, 6],
) {
  return encodeModel({
    name: 'm',
    opset: 17,
    producer: 'test',
    producerVersion: '1',
    nodes: [{ name: 'under_test', op, inputs, outputs: ['y'], attrs }],
    initializers: extra,
    inputs: [{ name: 'x', dtype: 'float32', dims }],
    outputs: [{ name: 'y', dtype: 'float32', dims: ['batch'] }],
    metadata: {},
  })
}

function refusal(bytes: Uint8Array): string[] {
  try {
    importOnnx(bytes, { name: 'm', modelDir: null })
  } catch (e) {
    expect(e).toBeInstanceOf(OnnxImportError)
    return (e as OnnxImportError).issues.map((i) => `${i.op} ${i.node}: ${i.why}`)
  }
  throw new Error('the import did not fail')
}

describe('operator nodes on channels-first images', () => {
  it.each([
    [
      'ReduceMean over channels, kept',
      oneOp('ReduceMean', { axes: [1] }),
      'ReduceMean',
      { axes: [3], keepDims: true },
      [6, 6, 1],
    ],
    [
      'Slice of the height',
      oneOp('Slice', {}, [init('s', [1], [1]), init('e', [1], [4]), init('a', [1], [2])]),
      'Slice',
      { axes: [1], starts: [1], ends: [4], steps: [1] },
      [3, 6, 4],
    ],
    [
      'Gather of channels',
      oneOp('Gather', { axis: 1 }, [init('i', [2], [3, 0])]),
      'Gather',
      { axis: 3, indices: [3, 0], keepAxis: true },
      [6, 6, 2],
    ],
    [
      'Sub of a per-channel constant',
      oneOp('Sub', {}, [init('c', [4, 1, 1])]),
      'Sub',
      { constantShape: [1, 1, 4] },
      [6, 6, 4],
    ],
  ] as const)('%s maps the axes to the engine image', (_what, bytes, kind, params, shape) => {
    const m = importOnnx(bytes, { name: 'm', modelDir: null })
    const node = m.doc.nodes.find((n) => n.type === kind)!
    expect(getLayer(kind)!.category).toBe('operator')
    expect(node.params).toMatchObject(params)
    expect(m.outputs[0].shape).toEqual(shape)
  })

  it.each([
    [
      'a Gather that drops the height',
      oneOp('Gather', { axis: 2 }, [init('i', [], [1])]),
      /drops an axis of a channels-first image/,
    ],
    ['a MatMul of an image', oneOp('MatMul', {}, [], ['x', 'x']), /multiplies a channels-first image/],
    [
      'a reduction over the batch',
      oneOp('ReduceSum', { keepdims: 1 }, [init('a', [1], [0])]),
      /along the batch axis/,
    ],
    [
      'arithmetic on constants alone',
      oneOp('Div', {}, [init('p', [1]), init('q', [1])], ['p', 'q']),
      /both its operands are constants/,
    ],
    [
      'a constant too large for the graph',
      oneOp('Mul', {}, [init('big', [1, 4, 32, 33])], ['x', 'big'], ['batch', 4, 32, 33]),
      /4,224 values; operator nodes keep constants in the graph, at most 4,096/,
    ],
    ['an operator with no node', oneOp('Cos', {}), /no Deepwire layer matches this operator/],
  ])('%s is refused on one line', (_what, bytes, why) => {
    const lines = refusal(bytes)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/ under_test: /)
    expect(lines[0]).toMatch(why)
  })
})

describe('shape arithmetic and size-1 axes', () => {
  it('x.view(n, c, h * w) folds to a Reshape in ONNX order; unsqueeze and squeeze reshape', async () => {
    const idx = (name: string, v: number) => init(name, [1], [v])
    const bytes = encodeModel({
      name: 'm',
      opset: 17,
      producer: 'test',
      producerVersion: '1',
      nodes: [
        { name: 'shape', op: 'Shape', inputs: ['x'], outputs: ['s'], attrs: {} },
        { name: 'n', op: 'Gather', inputs: ['s', 'i0'], outputs: ['n'], attrs: { axis: 0 } },
        { name: 'c', op: 'Gather', inputs: ['s', 'i1'], outputs: ['c'], attrs: { axis: 0 } },
        { name: 'h', op: 'Gather', inputs: ['s', 'i2'], outputs: ['h'], attrs: { axis: 0 } },
        { name: 'w', op: 'Gather', inputs: ['s', 'i3'], outputs: ['w'], attrs: { axis: 0 } },
        { name: 'hw', op: 'Mul', inputs: ['h', 'w'], outputs: ['hw'], attrs: {} },
        { name: 'target', op: 'Concat', inputs: ['n', 'c', 'hw'], outputs: ['t'], attrs: { axis: 0 } },
        { name: 'view', op: 'Reshape', inputs: ['x', 't'], outputs: ['v'], attrs: {} },
        { name: 'unsq', op: 'Unsqueeze', inputs: ['v', 'ax'], outputs: ['u'], attrs: {} },
        { name: 'sq', op: 'Squeeze', inputs: ['u', 'ax'], outputs: ['y'], attrs: {} },
      ],
      initializers: [idx('i0', 0), idx('i1', 1), idx('i2', 2), idx('i3', 3), idx('ax', 1)],
      inputs: [{ name: 'x', dtype: 'float32', dims: ['batch', 4, 6, 6] }],
      outputs: [{ name: 'y', dtype: 'float32', dims: ['batch', 4, 36] }],
      metadata: {},
    })
    const m = importOnnx(bytes, { name: 'm', modelDir: null })
    expect(m.doc.nodes.map((n) => n.type)).toEqual([
      'Input',
      'Permute',
      'Reshape',
      'Reshape',
      'Reshape',
      'Output',
    ])
    expect(m.outputs[0].shape).toEqual([4, 36])
    const { doc, checkpoint } = importedCheckpoint(tf, m)
    const b = build(doc)
    try {
      await restoreState(tf, b.compiled.model, null, checkpoint)
      const x = tf.randomNormal([2, 6, 6, 4], 0, 1, 'float32', 5)
      const y = b.compiled.model.predict(x) as tf.Tensor
      const want = tf.transpose(x, [0, 3, 1, 2]).reshape([2, 4, 36])
      expect(Array.from(y.dataSync())).toEqual(Array.from(want.dataSync()))
      tf.dispose([x, y, want])
    } finally {
      b.compiled.model.dispose()
    }
  })
})

describe('a pooled image reshaped', () => {
  it('keeps its channels in order', async () => {
    const bytes = encodeModel({
      name: 'm',
      opset: 17,
      producer: 'test',
      producerVersion: '1',
      nodes: [
        { name: 'gap', op: 'GlobalAveragePool', inputs: ['x'], outputs: ['g'], attrs: {} },
        { name: 'grid', op: 'Reshape', inputs: ['g', 'shape'], outputs: ['y'], attrs: {} },
      ],
      initializers: [init('shape', [3], [-1, 2, 2])],
      inputs: [{ name: 'x', dtype: 'float32', dims: ['batch', 4, 6, 6] }],
      outputs: [{ name: 'y', dtype: 'float32', dims: ['batch', 2, 2] }],
      metadata: {},
    })
    const m = importOnnx(bytes, { name: 'm', modelDir: null })
    expect(m.doc.nodes.map((n) => n.type)).toEqual(['Input', 'GlobalAvgPool', 'Reshape', 'Output'])
    const { doc, checkpoint } = importedCheckpoint(tf, m)
    const b = build(doc)
    try {
      await restoreState(tf, b.compiled.model, null, checkpoint)
      const x = tf.randomNormal([2, 6, 6, 4], 0, 1, 'float32', 5)
      const y = b.compiled.model.predict(x) as tf.Tensor
      const want = tf.mean(x, [1, 2]).reshape([2, 2, 2])
      const diff = tf.max(tf.abs(tf.sub(y, want))).dataSync()[0]
      expect(diff).toBeLessThan(1e-6)
      tf.dispose([x, y, want])
    } finally {
      b.compiled.model.dispose()
    }
  })
})
