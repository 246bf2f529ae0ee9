import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

// the project store's imports reach for the engine socket and the UI language: not needed here
vi.mock('../../../renderer/src/api', () => ({ api: {} }))
vi.mock('../../../renderer/src/i18n', () => ({ default: { t: (k: string) => k } }))

class MemoryStorage {
  private m = new Map<string, string>()
  getItem = (k: string) => this.m.get(k) ?? null
  setItem = (k: string, v: string) => void this.m.set(k, String(v))
  removeItem = (k: string) => void this.m.delete(k)
  clear = () => this.m.clear()
}

let storage: MemoryStorage
let page: EventTarget

/** A fresh app start: new stores, the autosave read from `storage`. */
async function start() {
  vi.resetModules()
  const autosave = await import('../../../renderer/src/store/autosave')
  const graph = await import('../../../renderer/src/store/graph')
  const project = await import('../../../renderer/src/store/project')
  const ops = await import('../../../renderer/src/store/doc-ops')
  autosave.startAutosave()
  return { ...autosave, ...graph, ...project, ...ops }
}

/** An edit, then the debounce runs out, as after half a second of idle editing. */
async function editAndWait(app: Awaited<ReturnType<typeof start>>) {
  app.useGraph.getState().apply((d) => app.addNode(d, 'Dense', { x: 0, y: 100 })[0])
  vi.advanceTimersByTime(600)
}

const meta = () => JSON.parse(storage.getItem('deepwire.autosave.meta')!) as Record<string, unknown>

beforeEach(() => {
  vi.useFakeTimers()
  storage = new MemoryStorage()
  page = new EventTarget()
  vi.stubGlobal('localStorage', storage)
  vi.stubGlobal('window', page)
})
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('crash recovery', () => {
  it('asks about unsaved work after a restart and keeps it marked unsaved', async () => {
    let app = await start()
    expect(app.useRecovery.getState().recovered).toBeNull()
    vi.setSystemTime(new Date('2026-03-01T10:00:00Z'))
    await editAndWait(app)
    // written when the half-second debounce ran out
    const at = Date.parse('2026-03-01T10:00:00.500Z')
    expect(meta()).toEqual({ at, unsaved: true, project: null })

    app = await start()
    expect(app.useRecovery.getState().recovered).toEqual({ at })
    expect(app.useGraph.getState().doc.nodes.map((n) => n.id)).toEqual(['in', 'dense1'])
    expect(app.useGraph.getState().doc).not.toBe(app.useProject.getState().savedDoc)
    // the restored graph is the start of history: nothing to undo into
    expect(app.useGraph.temporal.getState().pastStates).toHaveLength(0)
    app.keepRecovered()
    expect(app.useRecovery.getState().recovered).toBeNull()
    expect(app.useGraph.getState().doc.nodes).toHaveLength(2)
  })

  it('Discard empties the canvas and leaves no autosave to recover', async () => {
    await editAndWait(await start())
    const app = await start()
    expect(app.useRecovery.getState().recovered).not.toBeNull()
    app.discardRecovered()
    vi.advanceTimersByTime(1000)
    expect(app.useGraph.getState().doc).toBe(app.EMPTY)
    expect(app.useGraph.getState().doc).toBe(app.useProject.getState().savedDoc)
    expect(storage.getItem('deepwire.autosave')).toBeNull()
    expect(storage.getItem('deepwire.autosave.meta')).toBeNull()
    const next = await start()
    expect(next.useRecovery.getState().recovered).toBeNull()
  })

  it('restores work saved as a project without asking, as that project', async () => {
    let app = await start()
    await editAndWait(app)
    // what saveProject does once the engine has written the file
    app.useProject.setState({ name: 'mine', savedDoc: app.useGraph.getState().doc })
    expect(meta()).toMatchObject({ unsaved: false, project: 'mine' })

    app = await start()
    expect(app.useRecovery.getState().recovered).toBeNull()
    expect(app.useProject.getState().name).toBe('mine')
    expect(app.useGraph.getState().doc).toBe(app.useProject.getState().savedDoc)
    expect(app.useGraph.getState().doc.nodes).toHaveLength(2)

    // an edit after the save is unsaved again
    await editAndWait(app)
    expect(meta()).toMatchObject({ unsaved: true, project: 'mine' })
    app = await start()
    expect(app.useRecovery.getState().recovered).not.toBeNull()
    expect(app.useProject.getState().name).toBe('mine')
  })

  it('does not ask about an empty graph, and asks with no time about an autosave of an older version', async () => {
    let app = await start()
    app.useGraph.getState().apply((d) => app.addNode(d, 'Dense', { x: 0, y: 0 })[0])
    app.useGraph.getState().apply((d) => app.removeNodes(d, ['dense1']))
    vi.advanceTimersByTime(600)
    app = await start()
    expect(app.useRecovery.getState().recovered).toBeNull()

    await editAndWait(app)
    storage.removeItem('deepwire.autosave.meta')
    app = await start()
    expect(app.useRecovery.getState().recovered).toEqual({ at: null })
  })

  it('writes the last edit at once when the page goes away inside the debounce', async () => {
    const app = await start()
    app.useGraph.getState().apply((d) => app.addNode(d, 'ReLU', { x: 0, y: 0 })[0])
    expect(storage.getItem('deepwire.autosave')).toBeNull()
    page.dispatchEvent(new Event('pagehide'))
    expect(JSON.parse(storage.getItem('deepwire.autosave')!).nodes).toHaveLength(2)
  })

  it('ignores a damaged autosave', async () => {
    storage.setItem('deepwire.autosave', '{"format": "deepwire-graph", "nodes": [')
    const app = await start()
    expect(app.useRecovery.getState().recovered).toBeNull()
    expect(app.useGraph.getState().doc).toBe(app.EMPTY)
  })
})
