import type { PresetEntry } from '../../../engine/app-contract'

export const PRESET_VIEWS = ['all', 'course', 'quick'] as const
export type PresetView = (typeof PRESET_VIEWS)[number]

/**
 * The gallery's switch: 'course' keeps the presets that carry the course's own settings, 'quick'
 * the faster variants and the presets that make no claim about the course; 'all' keeps everything.
 * Within a view, presets compared with the same course section sit together, in section order.
 */
export function presetsInView<T extends Pick<PresetEntry, 'settings' | 'courseSection' | 'name'>>(
  list: readonly T[],
  view: PresetView,
): T[] {
  const kept = list.filter((p) => view === 'all' || (view === 'course') === (p.settings === 'course'))
  const key = (p: T) => (p.courseSection ?? '99').split('.').map(Number)
  return [...kept].sort((a, b) => {
    const [x, y] = [key(a), key(b)]
    for (let i = 0; i < Math.max(x.length, y.length); i++)
      if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0)
    return a.name.localeCompare(b.name)
  })
}
