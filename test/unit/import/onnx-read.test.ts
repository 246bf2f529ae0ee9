import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { encodeModel, type ModelSpec } from '../../../engine/export/onnx/proto'
import { Message } from '../../../engine/export/onnx/wire'
import { readModel } from '../../../engine/import/onnx/read'
import { tensorFloats, tensorInts } from '../../../engine/import/onnx/tensor-data'

const spec = (over: Partial<ModelSpec> = {}): ModelSpec => ({
  name: 'tiny',
  opset: 17,
  producer: 'test',
  producerVersion: '1',
  nodes: [
    { name: 'fc', op: 'Gemm', inputs: ['x', 'w'], outputs: ['y'], attrs: { transB: 1, alpha: { float: 2 } } },
  ],
  initializers: [{ name: 'w', dtype: 'float32', dims: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, 6]) }],
  inputs: [{ name: 'x', dtype: 'float32', dims: ['batch', 3] }],
  outputs: [{ name: 'y', dtype: 'float32', dims: ['batch', 2] }],
  metadata: { k: 'v' },
  ...over,
})

/** A model whose only initializer is the given TensorProto message. */
function withTensor(t: Message): Uint8Array {
  const graph = new Message().string(2, 'g').message(5, t)
  return new Message().int(1, 8).message(7, graph).message(8, new Message().string(1, '').int(2, 17)).finish()
}

describe('ONNX reader', () => {
  it('reads what the exporter writes', () => {
    const m = readModel(encodeModel(spec()))
    expect(m.opset).toBe(17)
    expect(m.metadata.get('k')).toBe('v')
    const [n] = m.graph.nodes
    expect([n.op, n.name, n.inputs, n.outputs]).toEqual(['Gemm', 'fc', ['x', 'w'], ['y']])
    expect(n.attrs.get('transB')).toEqual({ type: 'int', value: 1 })
    expect(n.attrs.get('alpha')).toEqual({ type: 'float', value: 2 })
    expect(m.graph.inputs[0].dims).toEqual(['batch', 3])
    const w = m.graph.initializers.get('w')!
    expect(w.dims).toEqual([2, 3])
    expect([...tensorFloats(w, null)]).toEqual([1, 2, 3, 4, 5, 6])
  })

  it('reads negative int64 attributes and int64 tensors', () => {
    const m = readModel(
      encodeModel(
        spec({
          nodes: [{ name: 'r', op: 'Reshape', inputs: ['x', 's'], outputs: ['y'], attrs: { axis: -1 } }],
          initializers: [{ name: 's', dtype: 'int64', dims: [2], data: BigInt64Array.from([-1n, 6n]) }],
        }),
      ),
    )
    expect(m.graph.nodes[0].attrs.get('axis')).toEqual({ type: 'int', value: -1 })
    expect(tensorInts(m.graph.initializers.get('s')!)).toEqual([-1, 6])
  })

  it('does not descend into subgraphs, however deeply they nest', () => {
    const varint = (n: number) => {
      const out: number[] = []
      for (; n >= 0x80; n = Math.floor(n / 128)) out.push((n % 128) | 0x80)
      return [...out, n]
    }
    const text = (field: number, t: string) => [field * 8 + 2, t.length, ...new TextEncoder().encode(t)]
    // graph{ node{ op_type: If, attribute{ name, g: graph{ node{ … } }, type: GRAPH } } }, built
    // inside out as prefix and suffix byte runs so 100,000 levels cost linear time
    const prefixes: number[][] = []
    const suffixes: number[][] = []
    let inner = 0
    for (let i = 0; i < 100_000; i++) {
      const attrTail = [20 * 8, 5]
      const attrBody = text(1, 'then_branch').length + 1 + varint(inner).length + inner + attrTail.length
      const nodeHead = [
        ...text(4, 'If'),
        5 * 8 + 2,
        ...varint(attrBody),
        ...text(1, 'then_branch'),
        6 * 8 + 2,
        ...varint(inner),
      ]
      const nodeLen = nodeHead.length + inner + attrTail.length
      const graphHead = [1 * 8 + 2, ...varint(nodeLen), ...nodeHead]
      prefixes.push(graphHead)
      suffixes.push(attrTail)
      inner = graphHead.length + inner + attrTail.length
    }
    const deep = Uint8Array.from([...prefixes.reverse().flat(), ...suffixes.flat()])
    const ifNode = new Message().string(2, 'y').string(3, 'branch').string(4, 'If')
    ifNode.message(5, new Message().string(1, 'then_branch').bytes(6, deep).int(20, 5))
    const graph = new Message().message(1, ifNode).string(2, 'g')
    const bytes = new Message()
      .int(1, 8)
      .message(7, graph)
      .message(8, new Message().string(1, '').int(2, 17))
      .finish()
    const m = readModel(bytes)
    expect(m.graph.nodes[0].op).toBe('If')
    expect(m.graph.nodes[0].attrs.get('then_branch')).toEqual({ type: 'graph', value: null })
  })

  const refusals: [string, () => unknown, RegExp][] = [
    ['empty file', () => readModel(new Uint8Array()), /not an ONNX model/],
    ['text file', () => readModel(new TextEncoder().encode('{"hello": 1}')), /not an ONNX model/],
    ['truncated', () => readModel(encodeModel(spec()).subarray(0, 40)), /truncated/],
    [
      'a 2 GB claimed length',
      () => readModel(Uint8Array.from([0x08, 0x08, 0x3a, 0xff, 0xff, 0xff, 0xff, 0x07, 0x00])),
      /claims 2,147,483,647 bytes but only 1 remain/,
    ],
    [
      'an endless varint',
      () => readModel(Uint8Array.from([0x08, ...new Array(12).fill(0xff)])),
      /longer than 10 bytes/,
    ],
    ['a group wire type', () => readModel(Uint8Array.from([0x08, 0x08, 0x0b])), /wire type 3/],
    [
      'dims that do not match the data',
      () =>
        tensorFloats(
          readModel(
            withTensor(
              new Message().packedInts(1, [1000, 1000]).int(2, 1).string(8, 't').bytes(9, new Uint8Array(8)),
            ),
          ).graph.initializers.get('t')!,
          null,
        ),
      /holds 8 bytes but its dims \[1000, 1000\] need 4000000/,
    ],
    [
      'absurd dims',
      () =>
        tensorFloats(
          readModel(
            withTensor(
              new Message()
                .packedInts(1, [1 << 30, 1 << 30])
                .int(2, 1)
                .string(8, 't'),
            ),
          ).graph.initializers.get('t')!,
          null,
        ),
      /more values than any model holds/,
    ],
  ]
  for (const [what, f, msg] of refusals)
    it(`refuses ${what} with one sentence`, () => {
      let err: unknown
      try {
        f()
      } catch (e) {
        err = e
      }
      expect(err).toBeInstanceOf(Error)
      expect((err as Error).name).toBe('OnnxReadError')
      expect((err as Error).message).toMatch(msg)
      expect((err as Error).message).not.toContain('\n')
    })

  describe('external data', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'onnx-ext-'))
    const model = path.join(dir, 'model')
    mkdirSync(model)
    const values = Float32Array.from([1.5, -2, 3])
    writeFileSync(path.join(model, 'w.bin'), new Uint8Array(values.buffer))
    writeFileSync(path.join(dir, 'secret.bin'), new Uint8Array(12))
    symlinkSync(path.join(dir, 'secret.bin'), path.join(model, 'link.bin'))
    const external = (location: string) => {
      const entry = (k: string, v: string) => new Message().string(1, k).string(2, v)
      const t = new Message()
        .packedInts(1, [3])
        .int(2, 1)
        .string(8, 't')
        .message(13, entry('location', location))
        .int(14, 1)
      return readModel(withTensor(t)).graph.initializers.get('t')!
    }

    it('follows a file beside the model', () => {
      expect([...tensorFloats(external('w.bin'), model)]).toEqual([...values])
    })
    it.each(['../secret.bin', path.join(dir, 'secret.bin'), 'link.bin'])(
      'refuses %s, outside the folder',
      (loc) => {
        expect(() => tensorFloats(external(loc), model)).toThrow(/outside the model's folder; refused/)
      },
    )
    it('says which file is missing', () => {
      expect(() => tensorFloats(external('gone.bin'), model)).toThrow(/'gone.bin', which is missing/)
    })
  })
})
