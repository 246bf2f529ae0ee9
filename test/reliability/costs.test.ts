/**
 * Valid documents whose cost explodes (issue 14), each run through the real CLI in a child
 * process under caps the test enforces itself: it must end within 10 s, under 1 GiB of peak
 * RSS, and (for refusals) exit 1 with a first line that gives the figures or the limit.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeCheckpoint } from '../../engine/train/checkpoint'
import {
  deepBlocks,
  deepParamText,
  edgeAmplification,
  hugeDense,
  longTypeName,
  messageAmplification,
  protoBlockText,
  prototypeIds,
  prototypeOutputText,
} from './costly'

const LIMIT_MS = 10_000
const LIMIT_KB = 1024 * 1024
const TIME = '/usr/bin/time'

interface Outcome {
  code: number | null
  stdout: string
  /** stderr without the peak-RSS line. */
  lines: string[]
  ms: number
  peakKb: number
}

/** One CLI command, killed at the time limit; its peak RSS measured by GNU time. */
function cli(args: string[]): Promise<Outcome> {
  const start = performance.now()
  const child = spawn(TIME, ['-f', 'peak-rss-kb %M', 'node', 'bin/deepwire.mjs', ...args], {
    env: { ...process.env, DEEPWIRE_MEMORY_BUDGET_MB: '4096' },
    detached: true,
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  // the whole process group: time's child is the node process that would go on paying
  const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), LIMIT_MS + 2000)
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer)
      const all = stderr.split('\n').filter((l) => l.trim())
      const rss = all.find((l) => l.startsWith('peak-rss-kb '))
      resolve({
        code: rss ? code : null,
        stdout,
        lines: all.filter((l) => !l.startsWith('peak-rss-kb ') && !l.startsWith('Command exited')),
        ms: performance.now() - start,
        peakKb: rss ? Number(rss.split(' ')[1]) : Infinity,
      })
    })
  })
}

const dir = mkdtempSync(path.join(tmpdir(), 'dw-costs-'))
const file = (name: string, text: string) => {
  const f = path.join(dir, name)
  writeFileSync(f, text)
  return f
}
const files: Record<string, string> = {}
let refusals = 0
let accepted = 0

beforeAll(() => {
  files.amp = file('amp.json', JSON.stringify(edgeAmplification()))
  files.msg = file('msg.json', JSON.stringify(messageAmplification()))
  files.longNames = file('long-names.json', JSON.stringify(messageAmplification(200)))
  files.deep = file('deep.json', deepParamText())
  files.blocks = file('blocks.json', JSON.stringify(deepBlocks()))
  files.longType = file('long-type.json', JSON.stringify(longTypeName()))
  files.huge = file('huge.json', JSON.stringify(hugeDense()))
  files.proto = file('proto.json', JSON.stringify(prototypeIds()))
  files.protoOut = file('proto-out.json', prototypeOutputText())
  files.protoBlock = file('proto-block.json', protoBlockText())
  const ampGraph = edgeAmplification() as unknown as Parameters<typeof encodeCheckpoint>[0]['meta']['graph']
  files.ampCheckpoint = path.join(dir, 'amp.dwckpt')
  writeFileSync(
    files.ampCheckpoint,
    encodeCheckpoint({
      meta: {
        format: 'deepwire-checkpoint',
        version: 1,
        graph: ampGraph,
        training: { dataset: { name: 'xor' } } as never,
        epoch: 1,
        history: [],
        backend: 'wasm',
        weights: [],
        optimizer: [],
      },
      weights: [],
      optimizer: [],
    }),
  )
})
afterAll(() =>
  console.log(
    `costs: ${refusals} costly documents refused and ${accepted} awkward ones accepted, each under 10 s and 1 GiB`,
  ),
)

/** Runs the commands a few at a time (each CLI start is about a second of CPU). */
async function all(commands: string[][]): Promise<Outcome[]> {
  const out: Outcome[] = []
  for (let i = 0; i < commands.length; i += 3)
    out.push(...(await Promise.all(commands.slice(i, i + 3).map(cli))))
  return out
}

function refused(r: Outcome, figures: RegExp) {
  expect(r.ms).toBeLessThan(LIMIT_MS)
  expect(r.peakKb).toBeLessThan(LIMIT_KB)
  expect(r.code).toBe(1)
  expect(r.lines[0]).toMatch(figures)
  // readable: a few short lines, never the document echoed back
  expect(r.lines.length).toBeLessThanOrEqual(12)
  for (const l of r.lines) expect(l.length).toBeLessThan(1500)
  refusals++
}

const out = (name: string) => path.join(dir, name)
const everyCommand = (graph: string, tag: string) => [
  ['info', graph],
  ['train', graph, '--epochs', '1'],
  ['export', graph, '--format', 'onnx', '--out', out(`${tag}.onnx`)],
  ['bench', graph, '--steps', '1', '--warmup', '0'],
]

describe('costly documents through the CLI', () => {
  it('a block of 39,990 edges repeated 64 × 64 is refused with the expanded figures, by every command and on resume', async () => {
    const figures =
      /the graph expands to 8,193 layers in 4,225 block instances, with 163,811,586 connections .*limits: 5,000 layers and instances, 20,000 connections/
    const rs = await all([
      ...everyCommand(files.amp, 'amp'),
      ['train', files.proto, '--resume', files.ampCheckpoint],
    ])
    for (const r of rs) refused(r, figures)
    expect(existsSync(out('amp.onnx'))).toBe(false)
  }, 60_000)

  it('4,999 instances of an undefined block among 1,000 long names: a bounded list of known names, said once; longer names refused by the schema', async () => {
    const [r, long] = await all([
      ['info', files.msg],
      ['info', files.longNames],
    ])
    refused(
      long,
      /^field 'blocks\.0000b{69}…' \(207 characters\): the name is longer than 100 characters \(and 999 more places\)$/,
    )
    refused(
      r,
      /node 'u0', field 'block': uses block 'missing', which is not defined \(known: '0000b{36}…' \(100 characters\), .* and 995 more\) \(and 199 more places\)/,
    )
    expect(r.lines[1]).toMatch(/… and 4,799 more problems like these/)
  }, 30_000)

  it('a parameter nested 100,000 arrays deep is refused at parse time, and no command is left running', async () => {
    const rs = await all(everyCommand(files.deep, 'deep'))
    for (const r of rs) refused(r, /deep\.json nests arrays or objects more than 64 levels deep/)
  }, 60_000)

  it('blocks nested 20 deep are reported as a depth limit, giving it', async () => {
    const [r] = await all([['info', files.blocks]])
    refused(
      r,
      /blocks are nested more than 16 deep here \('L0' → 'L1' → .* → 'L16'\); Deepwire expands at most 16/,
    )
  }, 30_000)

  it('a 1 MB layer type is refused in a short line', async () => {
    const [r] = await all([['info', files.longType]])
    refused(r, /^node 'x', field 'type': is longer than 100 characters$/)
  }, 30_000)

  it('sizes accepted then paid: a 494 M-parameter export, ResNet-18 at batch 256', async () => {
    const [exp, bench] = await all([
      ['export', files.huge, '--format', 'pytorch', '--out', out('huge')],
      ['bench', 'presets/resnet18.json', '--batch-size', '256', '--steps', '1', '--warmup', '0'],
    ])
    refused(
      exp,
      /exporting the model's 493,879,296 parameters \(1\.84 GiB of weights\) needs about 7\.36 GiB .* memory budget is 4\.00 GiB/,
    )
    expect(existsSync(out('huge'))).toBe(false)
    refused(
      bench,
      /training this model needs about 14\.\d\d GiB .* but the memory budget is 4\.00 GiB: lower the batch size to \d+ or less/,
    )
  }, 60_000)
})

describe('awkward but valid documents through the CLI', () => {
  it('node ids named like Object.prototype members train, and export to ONNX, PyTorch and tfjs', async () => {
    const rs = await all([
      ['train', files.proto, '--epochs', '1', '--limit', '8'],
      ['export', files.proto, '--format', 'onnx', '--out', out('proto.onnx')],
      ['export', files.proto, '--format', 'pytorch', '--out', out('proto-py')],
      ['export', files.proto, '--format', 'tfjs', '--out', out('proto-tfjs')],
      ['info', files.protoBlock, '--json'],
      ['train', files.proto, '--epochs', '1', '--limit', '8', '--workers', '16'],
      ['export', files.protoOut, '--format', 'onnx', '--out', out('proto-out.onnx')],
    ])
    for (const r of rs) {
      expect(r.ms).toBeLessThan(LIMIT_MS)
      expect(r.peakKb).toBeLessThan(LIMIT_KB)
      expect(r.code, r.lines.join('\n')).toBe(0)
      accepted++
    }
    expect(rs[0].lines.join('\n')).toMatch(/finished \(completed\) after 1 epoch/)
    // an output node named __proto__ too: onnxruntime-node is asked for it under a suffixed name
    for (const r of [rs[1], rs[6]]) {
      const diff = /onnxruntime vs engine: max difference (\S+);/.exec(r.stdout)?.[1]
      expect(Number(diff)).toBeLessThan(1e-4)
    }
    expect(readdirSync(out('proto-py'))).toContain('model.py')
    expect(readdirSync(out('proto-tfjs'))).toContain('model.json')
    // the block named __proto__ is found and expanded: Dense(3) inside it, 9 parameters
    const info = JSON.parse(rs[4].stdout) as { nodes: { id: string; trainableParams: number }[] }
    expect(info.nodes.find((n) => n.id === 'b')?.trainableParams).toBe(9)
    // 16 workers on a 6-parameter model: capped at the cores, and said
    expect(rs[5].lines.join('\n')).toMatch(
      /16 workers asked, \d+ used: (this machine has \d+ cores?|a batch of \d+ feeds)/,
    )
  }, 60_000)
})
