/**
 * Every path that starts a worker thread ends it, whatever the outcome: a request that cannot
 * even be copied to the worker (nested 100,000 deep) and one the worker refuses alike.
 */
import { readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { runExport, startTraining } from '../../../engine/node/host'

/** OS threads of this process (Linux): worker threads are real threads. */
const threads = () => readdirSync('/proc/self/task').length

async function settled(before: number) {
  for (let i = 0; i < 50 && threads() > before; i++) await new Promise((r) => setTimeout(r, 100))
  return threads()
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

describe('worker threads end on every outcome', () => {
  it('a request nested 100,000 deep is refused with a sentence, and leaves no thread', async () => {
    const before = threads()
    const out = path.join(tmpdir(), 'dw-never.onnx')
    await expect(runExport({ graph: deepGraph(), format: 'onnx', out })).rejects.toThrow(
      /the request nests arrays or objects more than 64 levels deep/,
    )
    expect(() => startTraining({ graph: deepGraph() }, () => {})).toThrow(/more than 64 levels deep/)
    expect(await settled(before)).toBeLessThanOrEqual(before)
  })

  it('a graph the worker refuses ends its thread too', async () => {
    const before = threads()
    const out = path.join(tmpdir(), 'dw-never.onnx')
    await expect(runExport({ graph: { format: 'deepwire-graph' }, format: 'onnx', out })).rejects.toThrow(
      /graph document/i,
    )
    const run = startTraining({ graph: { format: 'deepwire-graph' } }, () => {})
    expect((await run.done).type).toBe('failed')
    expect(await settled(before)).toBeLessThanOrEqual(before)
  }, 30_000)
})
