import { create } from 'zustand'
import { savedFullView } from './panel'

export type Tab = string

interface UiState {
  /** Which bottom panel is open; menu commands and shortcuts switch it too. */
  tab: Tab
  /** Last message of a command that did not go through (shown in the top bar). */
  notice: string
  setTab(tab: Tab): void
  notify(notice: string): void
}

export const useUi = create<UiState>()((set) => ({
  // a window left in full view reopens on the tab it showed there
  tab: savedFullView() ?? 'presets',
  notice: '',
  setTab: (tab) => set({ tab }),
  notify: (notice) => set({ notice }),
}))
