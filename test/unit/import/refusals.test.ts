/**
 * Operators whose parameters have no Deepwire layer are refused on a line of their own that says
 * why, and the nodes after them add no lines (their input is already refused).
 */
import { describe, expect, it } from 'vitest'
import { encodeModel, type Attrs, type TensorSpec } from '../../../engine/export/onnx/proto'
import { importOnnx } from '../../../engine/import/onnx/import'
import { OnnxImportError } from '../../../engine/import/onnx/state'

const weight = (name: string, dims: number[]): TensorSpec => ({
  name,
  dtype: 'float32',
  dims,
  data: new Float32Array(dims.reduce((a, b) => a * b, 1)).fill(0.1),
})

/** One node reading the image 'x' [N, 4, 8, 8] (and `extra` initializers), then a Relu to 'y'. */
function oneOp(
  op: string,
  attrs: Attrs,
  extra: TensorSpec[] = [],
  inputs = ['x', ...extra.map((t) => t.name)],
) {
  return encodeModel({
    name: 'm',
    opset: 17,
    producer: 'test',
    producerVersion: '1',
    nodes: [
      { name: 'under_test', op, inputs, outputs: ['h'], attrs },
      { name: 'after', op: 'Relu', inputs: ['h'], outputs: ['y'], attrs: {} },
    ],
    initializers: extra,
    inputs: [{ name: 'x', dtype: 'float32', dims: ['batch', 4, 8, 8] }],
    outputs: [{ name: 'y', dtype: 'float32', dims: ['batch', 4, 8, 8] }],
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

describe('ONNX import refusals', () => {
  it.each([
    [
      'a grouped, not depthwise, convolution',
      oneOp('Conv', { group: 2 }, [weight('w', [4, 2, 3, 3])]),
      /grouped convolution of 2 groups over 4 channels has no Deepwire layer yet/,
    ],
    [
      'pads that are neither even nor TensorFlow same',
      oneOp('Conv', { pads: [0, 1, 2, 0] }, [weight('w', [4, 4, 3, 3])]),
      /pads \[0, 1, 2, 0\] are neither equal on every side nor TensorFlow's 'same'/,
    ],
    [
      'ceil_mode with a partial window',
      oneOp('MaxPool', { kernel_shape: [3, 3], strides: [2, 2], ceil_mode: 1 }),
      /ceil_mode=1 adds a partial window/,
    ],
    ['dilated pooling', oneOp('MaxPool', { kernel_shape: [2, 2], dilations: [2, 2] }), /dilated pooling/],
    ['a weight computed in the graph', oneOp('Conv', {}, [], ['x', 'x']), /weight is computed in the graph/],
    [
      'a reshape to a computed shape',
      oneOp('Reshape', {}, [], ['x', 'x']),
      /target shape is computed in the graph/,
    ],
    ['an unknown operator', oneOp('Cos', {}), /no Deepwire layer matches this operator/],
    [
      'a softmax across the spatial axes',
      oneOp('Softmax', { axis: 2 }),
      /softmax over axis 2 is not over the channels/,
    ],
  ])('%s: one line naming the node', (_what, bytes, why) => {
    const lines = refusal(bytes)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/ under_test: /)
    expect(lines[0]).toMatch(why)
  })

  it('an image flattened for anything but a Dense is permuted to C, H, W first', () => {
    const bytes = encodeModel({
      name: 'm',
      opset: 17,
      producer: 'test',
      producerVersion: '1',
      nodes: [{ name: 'flat', op: 'Flatten', inputs: ['x'], outputs: ['y'], attrs: { axis: 1 } }],
      initializers: [],
      inputs: [{ name: 'x', dtype: 'float32', dims: ['batch', 4, 8, 8] }],
      outputs: [{ name: 'y', dtype: 'float32', dims: ['batch', 256] }],
      metadata: {},
    })
    // no Dense reads it, so a Permute to C, H, W goes first and the order is ONNX's
    const m = importOnnx(bytes, { name: 'm', modelDir: null })
    expect(m.doc.nodes.map((n) => n.type)).toEqual(['Input', 'Permute', 'Flatten', 'Output'])
  })
})
