import { create } from 'zustand'

const HEIGHT = 'deepwire.bottomHeight'
const MAX = 'deepwire.bottomMax'
const SIDES = 'deepwire.sideWidths'
/** The editor keeps most of the window; charts get more with a drag or Enlarge panel. */
export const DEFAULT_HEIGHT = 280

/**
 * The bottom panel's size: one height for every tab (so the tab strip never moves under the
 * pointer when switching tabs), dragged by the user and remembered, and a maximised state that
 * gives charts the whole work area while the editor stays one click away.
 */
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

export const usePanel = create<{
  height: number
  maximised: boolean
  sides: typeof SIDE_DEFAULTS
  /** Sets a side panel's width within its limits; `remember` keeps it for the next session. */
  setSide(side: Side, width: number, remember?: boolean): void
  setHeight(h: number, remember?: boolean): void
  toggleMax(): void
}>()((set, get) => ({
  height: Number(localStorage.getItem(HEIGHT)) || DEFAULT_HEIGHT,
  maximised: localStorage.getItem(MAX) === '1',
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
  toggleMax: () => {
    const maximised = !get().maximised
    localStorage.setItem(MAX, maximised ? '1' : '0')
    set({ maximised })
  },
}))
