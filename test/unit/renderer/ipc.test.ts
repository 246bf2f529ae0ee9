import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { createEngineHost } from '../../../engine/node/engine-host'

const exposed: Record<string, unknown> = {}
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => (exposed[key] = value) },
  ipcRenderer: { invoke: vi.fn(async () => 'ok'), on: vi.fn(), removeListener: vi.fn() },
}))

describe('preload', () => {
  it('exposes only the documented engine API', async () => {
    await import('../../../electron/preload/index')
    expect(Object.keys(exposed)).toEqual(['api'])
    expect(Object.keys(exposed.api as object).sort()).toEqual(['invoke', 'on'])
  })
})

describe('engine host validates every request', () => {
  const host = createEngineHost({ dataDir: mkdtempSync(path.join(tmpdir(), 'dw-host-')), push: () => {} })
  it.each([
    ['nope', {}, /unknown request 'nope'/],
    ['train:control', { runId: 5, action: 'stop' }, /invalid arguments for 'train:control': runId/],
    ['train:control', { runId: 'x', action: 'explode' }, /action/],
    ['projects:save', { name: '../../etc/passwd', project: {} }, /name may not contain/],
    ['projects:open', { name: 'x', extra: true }, /invalid arguments/],
    ['datasets:preview', { name: 'csv' }, /needs a file/],
    ['projects:open', { name: 'missing' }, /there is no project named 'missing'/],
  ])('%s %j', async (channel, args, message) => {
    await expect(host.handle(channel, args)).rejects.toThrow(message)
  })

  it('answers a valid request', async () => {
    const presets = (await host.handle('presets:list', {})) as { name: string }[]
    expect(presets.map((p) => p.name)).toContain('LeNet-5')
    const project = {
      format: 'deepwire-project',
      version: 1,
      graph: { format: 'deepwire-graph', version: 2, nodes: [], edges: [] },
    }
    const saved = await host.handle('projects:save', { name: 'a', project })
    expect(saved).toEqual({ name: 'a' })
    expect(await host.handle('projects:open', { name: 'a' })).toEqual({ name: 'a', project })
  })
})
