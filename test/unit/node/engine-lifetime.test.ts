/**
 * Every path that starts the engine's process ends it, whatever the outcome: a request that
 * cannot even be copied to it (nested 100,000 deep) and one the engine refuses alike.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { runExport, startTraining } from '../../../engine/node/host'

/** Child processes of this process (Linux): the engine runs in one. */
const children = () =>
  readdirSync('/proc/self/task')
    .flatMap((t) => readFileSync(`/proc/self/task/${t}/children`, 'utf8').trim().split(/\s+/))
    .filter(Boolean).length

async function settled(before: number) {
  for (let i = 0; i < 50 && children() > before; i++) await new Promise((r) => setTimeout(r, 100))
  return children()
}

const deepGraph = () => {
  let deep: unknown = 0
  for (let i = 0; i < 100_000; i++) deep = [deep]
  return {
    format: 'deepwire-graph',
    version: 2,
    nodes: [{ id: 'x', type: 'Input', params: { shape: [2], deep } }],
    edges: [],
  }
}

describe('engine processes end on every outcome', () => {
  it('a request nested 100,000 deep is refused with a sentence, and leaves no process', async () => {
    const before = children()
    const out = path.join(tmpdir(), 'dw-never.onnx')
    await expect(runExport({ graph: deepGraph(), format: 'onnx', out })).rejects.toThrow(
      /the request nests arrays or objects more than 64 levels deep/,
    )
    expect(() => startTraining({ graph: deepGraph() }, () => {})).toThrow(/more than 64 levels deep/)
    expect(await settled(before)).toBeLessThanOrEqual(before)
  })

  it('a graph the engine refuses ends its process too', async () => {
    const before = children()
    const out = path.join(tmpdir(), 'dw-never.onnx')
    await expect(runExport({ graph: { format: 'deepwire-graph' }, format: 'onnx', out })).rejects.toThrow(
      /graph document/i,
    )
    const run = startTraining({ graph: { format: 'deepwire-graph' } }, () => {})
    expect((await run.done).type).toBe('failed')
    expect(await settled(before)).toBeLessThanOrEqual(before)
  }, 30_000)
})
