/**
 * Damaged project and checkpoint files: truncated, corrupted, wrong or newer version, weights
 * that do not fit the graph. Each is refused with a sentence, the file is left byte-for-byte
 * as it was, and whatever else is open (other projects, the host) keeps working.
 */
import fc from 'fast-check'
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createEngineHost, RequestError } from '../../engine/node/engine-host'
import { executeExport } from '../../engine/node/export'
import { executeRun } from '../../engine/node/run'
import type { TrainEvent } from '../../engine/protocol'
import { decodeCheckpoint, encodeCheckpoint, type Checkpoint } from '../../engine/train/checkpoint'
import { idle, mlp, tf } from '../helpers/train'

let cases = 0
afterAll(() =>
  console.log(`files: ${cases} damaged project and checkpoint files refused, each left untouched`),
)

const tmp = (tag: string) => mkdtempSync(path.join(tmpdir(), `dw-${tag}-`))

/** Runs `action` on `file` and checks that neither its bytes nor its modification time changed. */
async function untouched<T>(file: string, action: () => Promise<T>): Promise<T> {
  const bytes = readFileSync(file)
  const mtime = statSync(file).mtimeMs
  const r = await action()
  expect(readFileSync(file).equals(bytes)).toBe(true)
  expect(statSync(file).mtimeMs).toBe(mtime)
  return r
}

const goodProject = {
  format: 'deepwire-project',
  version: 1,
  graph: mlp(2, 8, 1, 'linear', 'mse'),
}

describe('project files', () => {
  const dataDir = tmp('projects')
  const host = createEngineHost({ dataDir, push: () => {} })
  const projects = path.join(dataDir, 'projects')
  mkdirSync(projects, { recursive: true })
  const place = (name: string, content: string | Uint8Array) => {
    const f = path.join(projects, `${name}.deepwire.json`)
    writeFileSync(f, content)
    return f
  }
  const good = JSON.stringify(goodProject, null, 2)

  it('opens a good project', async () => {
    await host.handle('projects:save', { name: 'good', project: goodProject })
    expect(await host.handle('projects:open', { name: 'good' })).toEqual({
      name: 'good',
      project: goodProject,
    })
  })

  it.each([
    ['truncated', good.slice(0, good.length / 2), /project 'truncated' is damaged \(not valid JSON\)/],
    ['empty', '', /project 'empty' is damaged \(not valid JSON\)/],
    ['binary', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0xff]), /is damaged \(not valid JSON\)/],
    ['null', 'null', /is not a Deepwire project \(not a JSON object\)/],
    ['array', '[1,2]', /is not a Deepwire project \(not a JSON object\)/],
    ['wrong-format', JSON.stringify({ ...goodProject, format: 'other' }), /is not a Deepwire project/],
    ['no-version', JSON.stringify({ ...goodProject, version: '1' }), /has no valid version \(found "1"\)/],
    [
      'newer-project',
      JSON.stringify({ ...goodProject, version: 7 }),
      /was written by a newer Deepwire \(project version 7; this build reads up to 1\)/,
    ],
    [
      'newer-graph',
      JSON.stringify({ ...goodProject, graph: { ...goodProject.graph, version: 9 } }),
      /holds a damaged graph: The graph document was written by a newer Deepwire \(graph version 9/,
    ],
    ['no-graph', JSON.stringify({ format: 'deepwire-project', version: 1 }), /holds a damaged graph/],
    [
      'bad-node',
      JSON.stringify({ ...goodProject, graph: { ...goodProject.graph, nodes: [{ id: 'x' }] } }),
      /holds a damaged graph: node 'x', field 'type'/,
    ],
  ])('%s', async (name, content, message) => {
    const f = place(name, content)
    await untouched(f, () => expect(host.handle('projects:open', { name })).rejects.toThrow(message))
    await expect(host.handle('projects:open', { name })).rejects.toThrow(/the file was left untouched/)
    // the rest keeps working: the good project still opens, the list still shows everything
    expect(await host.handle('projects:open', { name: 'good' })).toMatchObject({ name: 'good' })
    const list = (await host.handle('projects:list', {})) as { name: string }[]
    expect(list.map((p) => p.name)).toContain(name)
    cases++
  })

  it('a damaged project is never saved', async () => {
    await expect(
      host.handle('projects:save', { name: 'junk', project: { format: 'deepwire-project', version: 1 } }),
    ).rejects.toThrow(/not saved: the project holds a damaged graph/)
    cases++
  })

  it('random truncations and byte flips open or are refused, never crash, never change the file', async () => {
    const bytes = Buffer.from(good)
    let refused = 0
    await fc.assert(
      fc.asyncProperty(
        fc.nat(bytes.length),
        fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 1, max: 255 })), { maxLength: 4 }),
        async (cut, flips) => {
          const b = Buffer.from(bytes.subarray(0, cut))
          for (const [at, x] of flips) if (at < b.length) b[at] ^= x
          const f = place('fuzzed', b)
          await untouched(f, async () => {
            try {
              await host.handle('projects:open', { name: 'fuzzed' })
            } catch (e) {
              expect(e).toBeInstanceOf(RequestError)
              expect((e as Error).message).toMatch(/^project 'fuzzed' .*; the file was left untouched$/s)
              refused++
            }
          })
        },
      ),
      { numRuns: 300, seed: 20260410 },
    )
    expect(refused).toBeGreaterThan(250)
    cases += refused
  })
})

describe('checkpoint files', () => {
  const dir = tmp('ckpt')
  let bytes: Uint8Array
  let ckpt: Checkpoint
  const file = (name: string, content: Uint8Array) => {
    const f = path.join(dir, name)
    writeFileSync(f, content)
    return f
  }
  /** Resumes from `f` in this process; returns the failure message. */
  const resume = async (f: string) => {
    const events: TrainEvent[] = []
    await untouched(f, () =>
      executeRun(
        tf,
        { graph: mlp(2, 8, 1, 'linear', 'mse'), resumeFrom: f, backend: 'wasm' },
        (e) => e.type !== 'phase' && events.push(e),
        idle,
      ),
    )
    expect(events.map((e) => e.type)).toEqual(['failed'])
    cases++
    return (events[0] as { message: string }).message
  }

  it('setup: one epoch written by a real run', async () => {
    const out = path.join(dir, 'run')
    const events: TrainEvent[] = []
    await executeRun(
      tf,
      { graph: mlp(2, 8, 1, 'linear', 'mse'), overrides: { epochs: 1 }, backend: 'wasm', outDir: out },
      (e) => events.push(e),
      idle,
    )
    expect(events.at(-1)).toMatchObject({ type: 'finished', reason: 'completed' })
    bytes = new Uint8Array(readFileSync(path.join(out, 'checkpoint.dwckpt')))
    ckpt = decodeCheckpoint(bytes)
  })

  it('truncated', async () => {
    const f = file('cut.dwckpt', bytes.subarray(0, bytes.length - 7))
    expect(await resume(f)).toMatch(/cut\.dwckpt is not a usable Deepwire checkpoint: the file is truncated/)
  })

  it('not a checkpoint at all', async () => {
    const f = file('text.dwckpt', new TextEncoder().encode('hello'))
    expect(await resume(f)).toMatch(/does not start with the checkpoint signature/)
  })

  it('corrupted header', async () => {
    const b = bytes.slice()
    b[12] ^= 0xff
    expect(await resume(file('header.dwckpt', b))).toMatch(/its header is corrupted/)
  })

  it('from a newer version', async () => {
    const f = file('newer.dwckpt', encodeCheckpoint({ ...ckpt, meta: { ...ckpt.meta, version: 5 } }))
    expect(await resume(f)).toMatch(/written by a newer Deepwire \(checkpoint version 5\)/)
  })

  it('a damaged tensor list', async () => {
    const meta = { ...ckpt.meta, weights: [{ name: 'w', shape: [-3] }] as never }
    const f = file('entries.dwckpt', encodeCheckpoint({ ...ckpt, meta, weights: [], optimizer: [] }))
    expect(await resume(f)).toMatch(/tensor entry 1 of its header is damaged/)
  })

  it('weights whose shape does not fit the graph', async () => {
    const graph = mlp(2, 4, 1, 'linear', 'mse')
    const f = file(
      'shape.dwckpt',
      encodeCheckpoint({ ...ckpt, meta: { ...ckpt.meta, graph: graph as never } }),
    )
    expect(await resume(f)).toMatch(
      /checkpoint weight 'n_h\/kernel' has shape \[2×8\] but 'n_h\/kernel' needs \[2×4\]/,
    )
    // exporting another graph with this run's weights is refused the same way
    const good = file('good.dwckpt', bytes)
    await untouched(good, () =>
      expect(
        executeExport(tf, { graph, format: 'tfjs', out: path.join(dir, 'export'), checkpoint: good }),
      ).rejects.toThrow(/has shape \[2×8\] but .* needs \[2×4\]/),
    )
    cases++
  })

  it('random truncations and byte flips decode or fail with a sentence', () => {
    let refused = 0
    fc.assert(
      fc.property(
        fc.nat(bytes.length),
        fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 1, max: 255 })), { maxLength: 3 }),
        (cut, flips) => {
          const b = bytes.slice(0, cut)
          for (const [at, x] of flips) if (at < b.length) b[at] ^= x
          try {
            decodeCheckpoint(b, 'fuzzed.dwckpt')
          } catch (e) {
            expect((e as Error).message).toMatch(/^fuzzed\.dwckpt is not a usable Deepwire checkpoint: /)
            refused++
          }
        },
      ),
      { numRuns: 1000, seed: 20260411 },
    )
    expect(refused).toBeGreaterThan(900)
    cases += refused
  })
})
