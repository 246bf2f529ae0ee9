import { create } from 'zustand'

const HEIGHT = 'deepwire.bottomHeight'
const MAX = 'deepwire.bottomMax'
/** Tall enough for the Training panel's settings, status and loss chart without scrolling. */
export const DEFAULT_HEIGHT = 360

/**
 * The bottom panel's size: one height for every tab (so the tab strip never moves under the
 * pointer when switching tabs), dragged by the user and remembered, and a maximised state that
 * gives charts the whole work area while the editor stays one click away.
 */
export const usePanel = create<{
  height: number
  maximised: boolean
  setHeight(h: number, remember?: boolean): void
  toggleMax(): void
}>()((set, get) => ({
  height: Number(localStorage.getItem(HEIGHT)) || DEFAULT_HEIGHT,
  maximised: localStorage.getItem(MAX) === '1',
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
