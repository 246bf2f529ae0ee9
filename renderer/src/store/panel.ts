import { create } from 'zustand'

const HEIGHT = 'deepwire.bottomHeight'
// the tab shown in full view when the window was left in it; absent in the editor
const FULL = 'deepwire.fullView'
const SIDES = 'deepwire.sideWidths'
/** The editor keeps most of the window; charts get more with a drag or full view. */
export const DEFAULT_HEIGHT = 280

/** The side panels' widths (px): the layer palette on the left, the inspector on the right. */
export const SIDE_DEFAULTS = { palette: 190, inspector: 320 }
export const SIDE_LIMITS = { palette: [140, 420], inspector: [280, 640] } as const
export type Side = keyof typeof SIDE_DEFAULTS
const savedSides = (): typeof SIDE_DEFAULTS => {
  try {
    const v = JSON.parse(localStorage.getItem(SIDES) ?? '{}') as Partial<typeof SIDE_DEFAULTS>
    const ok = (x: unknown) => typeof x === 'number' && Number.isFinite(x)
    return {
      palette: ok(v.palette) ? v.palette! : SIDE_DEFAULTS.palette,
      inspector: ok(v.inspector) ? v.inspector! : SIDE_DEFAULTS.inspector,
    }
  } catch {
    return { ...SIDE_DEFAULTS }
  }
}

/** The tab full view was left on, to reopen it there; null when the window was left in the editor. */
export function savedFullView(): string | null {
  const tab = localStorage.getItem(FULL)
  return tab && /^[a-z]{1,20}$/.test(tab) ? tab : null
}

/**
 * The workspace's sizes: the bottom panel's height (one for every tab, so the tab strip never
 * moves under the pointer when switching tabs) and the side panels' widths, dragged and
 * remembered; and full view, where the panel takes the whole work area (charts get the room,
 * the editor is one click or Esc away) and the tab strip stays at its top for every tab.
 */
export const usePanel = create<{
  height: number
  fullView: boolean
  sides: typeof SIDE_DEFAULTS
  /** Sets a side panel's width within its limits; `remember` keeps it for the next session. */
  setSide(side: Side, width: number, remember?: boolean): void
  setHeight(h: number, remember?: boolean): void
  /** Enters or leaves full view; `tab` is the open tab, remembered with it. */
  setFullView(on: boolean, tab: string): void
}>()((set, get) => ({
  height: Number(localStorage.getItem(HEIGHT)) || DEFAULT_HEIGHT,
  fullView: savedFullView() !== null,
  sides: savedSides(),
  setSide: (side, width, remember = true) => {
    const [lo, hi] = SIDE_LIMITS[side]
    const sides = { ...get().sides, [side]: Math.round(Math.min(hi, Math.max(lo, width))) }
    if (remember) localStorage.setItem(SIDES, JSON.stringify(sides))
    set({ sides })
  },
  setHeight: (height, remember = true) => {
    if (remember) localStorage.setItem(HEIGHT, String(height))
    set({ height })
  },
  setFullView: (on, tab) => {
    if (on) localStorage.setItem(FULL, tab)
    else localStorage.removeItem(FULL)
    set({ fullView: on })
  },
}))
