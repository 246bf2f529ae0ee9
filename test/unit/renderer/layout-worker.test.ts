import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { parseGraph } from '../../../engine/graph/parse'
import type { GraphDoc } from '../../../engine/graph/schema'

function preset(name: string): GraphDoc {
  const r = parseGraph(JSON.parse(readFileSync(`presets/${name}.json`, 'utf8')))
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '))
  return r.doc
}

/** A worker whose script never runs, as when a page's policy or file access blocks it. */
class DeadWorker extends EventTarget {
  static started = 0
  onmessage: unknown = null
  constructor() {
    super()
    DeadWorker.started++
    setTimeout(() => this.dispatchEvent(Object.assign(new Event('error'), { message: 'script blocked' })), 5)
  }
  postMessage() {}
  terminate() {}
}

// the layout module keeps its worker for the session: each case starts from a fresh copy
const freshLayout = async () => {
  vi.resetModules()
  return import('../../../renderer/src/canvas/layout')
}

function expectLayered(doc: GraphDoc, pos: Record<string, { x: number; y: number }>) {
  expect(Object.keys(pos).sort()).toEqual(doc.nodes.map((n) => n.id).sort())
  for (const e of doc.edges) expect(pos[e.target].y).toBeGreaterThan(pos[e.source].y)
}

describe('autoLayout', () => {
  afterEach(() => vi.unstubAllGlobals())
  const lenet = preset('lenet')

  it('lays out in this thread where there are no Web Workers (Node, old shells)', async () => {
    vi.stubGlobal('Worker', undefined)
    const { autoLayout } = await freshLayout()
    expectLayered(lenet, await autoLayout(lenet))
  })

  it('falls back to this thread when the worker cannot be constructed', async () => {
    vi.stubGlobal(
      'Worker',
      class {
        constructor() {
          throw new DOMException("Script cannot be accessed from origin 'null'.", 'SecurityError')
        }
      },
    )
    vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const { autoLayout } = await freshLayout()
    expectLayered(lenet, await autoLayout(lenet))
  })

  it('falls back when the worker dies before answering, and does not start it again', async () => {
    DeadWorker.started = 0
    vi.stubGlobal('Worker', DeadWorker)
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const { autoLayout } = await freshLayout()
    expectLayered(lenet, await autoLayout(lenet))
    expect(warn).toHaveBeenCalledWith('auto-layout runs in the page: script blocked')
    expectLayered(lenet, await autoLayout(lenet))
    expect(DeadWorker.started).toBe(1)
  })
})
