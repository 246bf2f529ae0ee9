import { create } from 'zustand'

export type Theme = 'light' | 'dark'

const KEY = 'deepwire.theme'
const saved = (): Theme => (localStorage.getItem(KEY) === 'dark' ? 'dark' : 'light')

/**
 * The colour theme, shared by the page's CSS (the root's data-theme), the canvas (React Flow's
 * colour mode: minimap, controls) and the charts (ECharts draws on a canvas, outside the CSS).
 */
export const useTheme = create<{ theme: Theme; setTheme(theme: Theme): void }>()((set) => ({
  theme: saved(),
  setTheme: (theme) => {
    localStorage.setItem(KEY, theme)
    document.documentElement.dataset.theme = theme
    set({ theme })
  },
}))

document.documentElement.dataset.theme = useTheme.getState().theme
