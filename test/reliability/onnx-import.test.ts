/**
 * Hostile ONNX files through `deepwire import`, each in its own capped child process: exit 1, one
 * line per problem on stderr, nothing written, well under 10 s and 1 GiB.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { encodeModel, type ModelSpec, type NodeSpec } from '../../engine/export/onnx/proto'
import { Message } from '../../engine/export/onnx/wire'
import { tempDir } from '../export/helpers'

const dir = tempDir('deepwire-hostile-onnx-')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const model = (nodes: NodeSpec[], over: Partial<ModelSpec> = {}): Uint8Array =>
  encodeModel({
    name: 'hostile',
    opset: 17,
    producer: 'test',
    producerVersion: '1',
    nodes,
    initializers: [],
    inputs: [{ name: 'x', dtype: 'float32', dims: ['batch', 4] }],
    outputs: [{ name: 'y', dtype: 'float32', dims: ['batch', 4] }],
    metadata: {},
    ...over,
  })
const node = (op: string, inputs: string[], outputs: string[], name = op): NodeSpec => ({
  name,
  op,
  inputs,
  outputs,
  attrs: {},
})

/** A model whose one Gemm reads initializer `w`, given as a raw TensorProto message. */
function withWeight(w: Message): Uint8Array {
  const graph = new Message().message(
    1,
    new Message().string(1, 'x').string(1, 'w').string(2, 'y').string(3, 'fc').string(4, 'Gemm'),
  )
  graph.string(2, 'g').message(5, w)
  const value = (name: string) =>
    new Message()
      .string(1, name)
      .message(
        2,
        new Message().message(
          1,
          new Message()
            .int(1, 1)
            .message(
              2,
              new Message().message(1, new Message().string(2, 'batch')).message(1, new Message().int(1, 4)),
            ),
        ),
      )
  graph.message(11, value('x')).message(12, value('y'))
  return new Message().int(1, 8).message(7, graph).message(8, new Message().string(1, '').int(2, 17)).finish()
}
const external = (location: string) =>
  withWeight(
    new Message()
      .packedInts(1, [4, 4])
      .int(2, 1)
      .string(8, 'w')
      .message(13, new Message().string(1, 'location').string(2, location))
      .int(14, 1),
  )

const valid = model([node('Relu', ['x'], ['y'])])

const cases: { what: string; bytes: Uint8Array; refusal: RegExp; lines?: number }[] = [
  { what: 'a truncated file', bytes: valid.subarray(0, valid.length - 9), refusal: /truncated/ },
  {
    what: 'a PNG',
    bytes: Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
    refusal: /not an ONNX model/,
  },
  {
    what: 'a graph claiming 2 GB',
    bytes: Uint8Array.from([0x08, 0x08, 0x3a, 0xff, 0xff, 0xff, 0xff, 0x07, 0x00]),
    refusal: /claims 2,147,483,647 bytes but only 1 remain/,
  },
  {
    what: 'a cyclic graph',
    bytes: model([
      node('Relu', ['b'], ['a'], 'one'),
      node('Relu', ['a'], ['b'], 'two'),
      node('Relu', ['b'], ['y']),
    ]),
    refusal: /reads '.', but the graph has a cycle through it/,
  },
  {
    what: 'an initializer smaller than its dims',
    bytes: withWeight(
      new Message().packedInts(1, [4, 4]).int(2, 1).string(8, 'w').bytes(9, new Uint8Array(8)),
    ),
    refusal: /tensor 'w' holds 8 bytes but its dims \[4, 4\] need 64/,
  },
  {
    what: 'an initializer claiming 2^60 values',
    bytes: withWeight(
      new Message()
        .packedInts(1, [2 ** 30, 2 ** 30])
        .int(2, 1)
        .string(8, 'w'),
    ),
    refusal: /more values than any model holds/,
  },
  {
    what: 'external data outside the folder',
    bytes: external('../../etc/passwd'),
    refusal: /outside the model's folder; refused/,
  },
  {
    what: 'two unsupported operators',
    bytes: model([node('Cos', ['x'], ['c'], 'cosine'), node('Erf', ['c'], ['y'], 'erf')]),
    refusal:
      /cannot import 2 operators[^\n]*\n\s+Cos 'cosine': no Deepwire layer[^\n]*\n\s+Erf 'erf': no Deepwire layer/,
    lines: 3,
  },
  {
    what: 'one tensor read by 100,000 unsupported nodes',
    bytes: model([
      node('Relu', ['x'], ['y']),
      ...Array.from({ length: 100_000 }, (_, i) => node('Cos', ['x'], [`c${i}`], `cos${i}`)),
    ]),
    refusal: /cannot import 100,000 operators[^]*\n\s+Cos 'cos39': [^\n]*\n\s+… and 99,960 more$/,
    lines: 42,
  },
]

describe('deepwire import refuses hostile ONNX files', () => {
  it.each(cases)('$what', ({ what, bytes, refusal, lines = 1 }) => {
    const sub = path.join(dir, what.replace(/\W+/g, '-'))
    mkdirSync(sub)
    const file = path.join(sub, 'model.onnx')
    writeFileSync(file, bytes)
    const out = path.join(sub, 'out')
    const started = Date.now()
    const r = spawnSync(
      '/usr/bin/time',
      [
        '-f',
        '%M',
        process.execPath,
        '--max-old-space-size=1024',
        'bin/deepwire.mjs',
        'import',
        file,
        '--out',
        out,
      ],
      { encoding: 'utf8', timeout: 10_000 },
    )
    const seconds = (Date.now() - started) / 1000
    // /usr/bin/time adds its own line about the exit status, then the peak RSS
    const stderr = r.stderr
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('Command exited'))
    const rssKiB = Number(stderr.pop())
    expect(r.status, r.stderr).toBe(1)
    expect(stderr.join('\n')).toMatch(refusal)
    expect(stderr).toHaveLength(lines)
    expect(stderr[0]).toMatch(/^deepwire: /)
    expect(r.stdout).toBe('')
    expect(existsSync(out)).toBe(false)
    expect(seconds).toBeLessThan(10)
    expect(rssKiB).toBeLessThan(1 << 20)
  })
})

describe('deepwire import of a large model', () => {
  /** Peak RSS in KiB of `deepwire import file`, which must succeed. */
  const importRss = (file: string, out: string) => {
    const r = spawnSync(
      '/usr/bin/time',
      ['-f', '%M', process.execPath, 'bin/deepwire.mjs', 'import', file, '--out', out, '--json'],
      { encoding: 'utf8', timeout: 60_000 },
    )
    expect(r.status, r.stderr).toBe(0)
    return Number(r.stderr.trim().split('\n').pop())
  }
  const gemm = (rows: number, cols: number) =>
    encodeModel({
      name: 'big',
      opset: 17,
      producer: 'test',
      producerVersion: '1',
      nodes: [{ name: 'fc', op: 'Gemm', inputs: ['x', 'w'], outputs: ['y'], attrs: {} }],
      initializers: [
        { name: 'w', dtype: 'float32', dims: [rows, cols], data: new Float32Array(rows * cols).fill(0.5) },
      ],
      inputs: [{ name: 'x', dtype: 'float32', dims: ['batch', rows] }],
      outputs: [{ name: 'y', dtype: 'float32', dims: ['batch', cols] }],
      metadata: {},
    })

  it('stays well under four copies of 128 MB of weights at its peak', () => {
    const small = path.join(dir, 'small.onnx')
    const big = path.join(dir, 'big.onnx')
    writeFileSync(small, gemm(4, 4))
    writeFileSync(big, gemm(4096, 8192))
    const base = importRss(small, path.join(dir, 'small-out'))
    const peak = importRss(big, path.join(dir, 'big-out'))
    const weightsKiB = (4096 * 8192 * 4) / 1024
    // the weights in the model, the checkpoint being written, one more while a layer is filled (was 4×)
    const ratio = (peak - base) / weightsKiB
    console.log(`import peak: ${ratio.toFixed(2)}× the weights over a small import`)
    expect(ratio).toBeLessThan(3.5)
  }, 60_000)
})
