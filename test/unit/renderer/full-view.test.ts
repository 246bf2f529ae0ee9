import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { fullViewKey, type KeyLike } from '../../../renderer/src/full-view-keys'

class MemoryStorage {
  private m = new Map<string, string>()
  getItem = (k: string) => this.m.get(k) ?? null
  setItem = (k: string, v: string) => void this.m.set(k, String(v))
  removeItem = (k: string) => void this.m.delete(k)
}

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  defaultPrevented: false,
  inTextField: false,
  ...mods,
})

describe('full view keys', () => {
  it('Ctrl+Shift+F (⌘⇧F) toggles either way, Esc only leaves', () => {
    expect(fullViewKey(key('F', { ctrlKey: true, shiftKey: true }), false)).toBe('toggle')
    expect(fullViewKey(key('f', { metaKey: true, shiftKey: true }), true)).toBe('toggle')
    expect(fullViewKey(key('Escape'), true)).toBe('leave')
    expect(fullViewKey(key('Escape'), false)).toBeNull()
  })

  it('leaves keys to text fields, to handlers that took them, and to other shortcuts', () => {
    expect(fullViewKey(key('Escape', { inTextField: true }), true)).toBeNull()
    expect(fullViewKey(key('Escape', { defaultPrevented: true }), true)).toBeNull()
    expect(fullViewKey(key('f', { ctrlKey: true, shiftKey: true, inTextField: true }), false)).toBeNull()
    // Ctrl+F is the browser's find, Ctrl+Alt+Shift+F someone else's; Shift+Esc is not Esc
    expect(fullViewKey(key('f', { ctrlKey: true }), false)).toBeNull()
    expect(fullViewKey(key('f', { ctrlKey: true, shiftKey: true, altKey: true }), false)).toBeNull()
    expect(fullViewKey(key('Escape', { shiftKey: true }), true)).toBeNull()
  })
})

describe('full view is remembered with its tab', () => {
  let storage: MemoryStorage
  beforeEach(() => {
    storage = new MemoryStorage()
    vi.stubGlobal('localStorage', storage)
  })
  afterEach(() => vi.unstubAllGlobals())

  /** A fresh app start: new stores reading `storage`. */
  const start = async () => {
    vi.resetModules()
    const panel = await import('../../../renderer/src/store/panel')
    const ui = await import('../../../renderer/src/store/ui')
    return { panel: panel.usePanel, ui: ui.useUi }
  }

  it('reopens in full view on the tab it was left on, and in the editor once left', async () => {
    let app = await start()
    expect(app.panel.getState().fullView).toBe(false)
    expect(app.ui.getState().tab).toBe('presets')
    app.panel.getState().setFullView(true, 'runs')

    app = await start()
    expect(app.panel.getState().fullView).toBe(true)
    expect(app.ui.getState().tab).toBe('runs')
    app.panel.getState().setFullView(false, 'runs')

    app = await start()
    expect(app.panel.getState().fullView).toBe(false)
    expect(app.ui.getState().tab).toBe('presets')
  })

  it('ignores a remembered value that names no tab', async () => {
    storage.setItem('deepwire.fullView', '../x')
    const app = await start()
    expect(app.panel.getState().fullView).toBe(false)
    expect(app.ui.getState().tab).toBe('presets')
  })
})
