import { create } from 'zustand'

/**
 * The runs ticked for comparison in the Runs tab. A store rather than the tab's own state so a
 * one-click comparison (the Learn tab's batch-normalisation lesson) can tick its runs and open it.
 */
export const useRunPicks = create<{
  picked: string[]
  setPicked(next: string[] | ((p: string[]) => string[])): void
}>()((set, get) => ({
  picked: [],
  setPicked: (next) => set({ picked: typeof next === 'function' ? next(get().picked) : next }),
}))
