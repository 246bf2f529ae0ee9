/**
 * Datasets whose declared size explodes: a few bytes of settings or header that ask for gigabytes.
 * Each is trained through the real CLI in a child process under the test's own caps (killed after
 * 10 s, peak RSS measured by /usr/bin/time) and must end with exit 1 and one readable line that
 * names the file or setting and the figures, having allocated nothing of what it claimed.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { crc32, gzipSync } from 'node:zlib'
import pngjs from 'pngjs'
import { afterAll, describe, expect, it } from 'vitest'

const dir = mkdtempSync(path.join(tmpdir(), 'dw-dataset-costs-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const LIMIT_S = 10
const LIMIT_KB = 1024 * 1024

const file = (name: string, content: string | Uint8Array) => {
  const f = path.join(dir, name)
  mkdirSync(path.dirname(f), { recursive: true })
  writeFileSync(f, content)
  return f
}

/** A two-layer graph on `dataset`; the refusal comes before its shapes matter. */
function graph(name: string, dataset: Record<string, unknown>, input: number[] = [2]): string {
  return file(
    `${name}.json`,
    JSON.stringify({
      format: 'deepwire-graph',
      version: 2,
      nodes: [
        { id: 'in', type: 'Input', params: { shape: input } },
        { id: 'flat', type: 'Flatten' },
        { id: 'out', type: 'Dense', params: { units: 2 } },
      ],
      edges: [
        { source: 'in', target: 'flat' },
        { source: 'flat', target: 'out' },
      ],
      training: { dataset, epochs: 1 },
    }),
  )
}

/** `deepwire train`, killed at the time limit; peak RSS of the process tree from /usr/bin/time. */
function train(graphFile: string) {
  const start = Date.now()
  const r = spawnSync(
    '/usr/bin/time',
    ['-f', '%M', 'timeout', '-s', 'KILL', String(LIMIT_S), 'node', 'bin/deepwire.mjs', 'train', graphFile],
    { encoding: 'utf8', env: { ...process.env, DEEPWIRE_DATASET_LIMIT_MB: '' } },
  )
  const lines = r.stderr.trimEnd().split('\n')
  const rssKb = Number(lines.pop())
  // /usr/bin/time's own note about the exit status
  if (/^Command (exited|terminated)/.test(lines.at(-1) ?? '')) lines.pop()
  return { status: r.status, seconds: (Date.now() - start) / 1000, rssKb, stderr: lines.join('\n') }
}

function expectRefused(graphFile: string, message: RegExp) {
  const r = train(graphFile)
  expect(r.seconds, 'seconds').toBeLessThan(LIMIT_S)
  expect(r.rssKb, 'peak RSS in KB').toBeLessThan(LIMIT_KB)
  expect(r.status, r.stderr).toBe(1)
  expect(r.stderr.split('\n'), 'one line').toHaveLength(1)
  expect(r.stderr).toMatch(message)
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** A PNG chunk: length, type, data and the CRC of type and data. */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const out = Buffer.alloc(body.length + 8)
  out.writeUInt32BE(data.length, 0)
  body.copy(out, 4)
  out.writeUInt32BE(crc32(body), body.length + 4)
  return out
}

function png(w: number, h: number): Buffer {
  const img = new pngjs.PNG({ width: w, height: h })
  img.data.fill(200)
  return pngjs.PNG.sync.write(img)
}

describe('generated datasets whose settings ask for gigabytes', () => {
  it('synthetic samples: 3e8', () => {
    expectRefused(
      graph('samples', { name: 'xor', samples: 3e8 }),
      /^deepwire: dataset 'xor' \(training\.dataset samples 300,000,000\): .*need 3\.4 GiB, more than the 2\.0 GiB/,
    )
  })

  it('shapes size: [16384, 16384]', () => {
    expectRefused(
      graph('shapes', { name: 'shapes', size: [16384, 16384] }, [8, 8, 3]),
      /^deepwire: dataset 'shapes' \(training\.dataset size \[16,384, 16,384\]\): 500 samples × 16384×16384 pixels .*need 500\.0 GiB/,
    )
  })

  it('reverse size: [1e6]', () => {
    expectRefused(
      graph('reverse', { name: 'reverse', size: [1e6] }),
      /^deepwire: dataset 'reverse' \(training\.dataset size \[1,000,000\]\): 5,000 samples × 2000002 tokens .*need 74\.5 GiB/,
    )
  })
})

describe('user files whose headers ask for gigabytes', () => {
  it('a CSV with 1,000,000 columns', () => {
    const header = Array.from({ length: 1e6 }, (_, i) => `c${i}`).join(',')
    const f = file('wide.csv', `${header}\n${'0,'.repeat(1e6 - 1)}0\n`)
    expectRefused(
      graph('wide', { name: 'csv', path: f }),
      new RegExp(`^deepwire: ${esc(f)}, line 1: the header has 1,000,000 columns, more than the 65,536`),
    )
  })

  it('a PNG whose second IHDR claims 20000×20000', () => {
    const good = png(4, 4)
    const big = Buffer.alloc(13)
    good.copy(big, 0, 16, 29)
    big.writeUInt32BE(20000, 0)
    big.writeUInt32BE(20000, 4)
    const hostile = Buffer.concat([good.subarray(0, 33), chunk('IHDR', big), good.subarray(33)])
    file('images/a/ok.png', good)
    const f = file('images/b/two-headers.png', hostile)
    expectRefused(
      graph('png', { name: 'images', path: path.join(dir, 'images') }, [4, 4, 1]),
      new RegExp(
        `^deepwire: ${esc(f)}: cannot read the image \\(the PNG has a second IHDR header \\(at byte 33\\)`,
      ),
    )
  })

  it('a gzip IDX file that expands far past what its header declares', () => {
    // IDX header for 10 images of 28×28, then 1.5 GB of zeros as 24 repeated gzip members
    const header = Buffer.from([0, 0, 8, 3, 0, 0, 0, 10, 0, 0, 0, 28, 0, 0, 0, 28])
    const zeros = gzipSync(Buffer.alloc(64 * 2 ** 20))
    const f = file('bomb-images-idx3-ubyte.gz', Buffer.concat([gzipSync(header), ...Array(24).fill(zeros)]))
    const labels = file(
      'bomb-labels-idx1-ubyte',
      Buffer.from([0, 0, 8, 1, 0, 0, 0, 10, ...Array(10).fill(1)]),
    )
    expectRefused(
      graph('idx', { name: 'idx', path: f, target: labels }, [28, 28, 1]),
      new RegExp(
        `^deepwire: ${esc(f)}: the gzip-compressed file expands past the 7856 bytes its IDX header declares`,
      ),
    )
  })

  it('a 100 MB text file', () => {
    const f = file('long.txt', Buffer.alloc(100 * 2 ** 20, 'the time traveller '))
    expectRefused(
      graph('text', { name: 'text', path: f }, [32]),
      new RegExp(`^deepwire: ${esc(f)}: the text file is 100\\.0 MiB, and reading it would need 3\\.1 GiB`),
    )
  })
})
