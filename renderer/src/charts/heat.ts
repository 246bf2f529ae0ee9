import type { Theme } from '../store/theme'

/** Every heat-map's scale, none to most: a near-white cell for nothing, deep blue for the most. */
export const HEAT_SCALE = ['#f8fafc', '#1d4ed8']
// on the dark theme the same scale runs from the panel's own colour to a light blue, so empty
// cells do not glare and full ones stand out
const DARK_HEAT_SCALE = ['#1f2229', '#60a5fa']

/** `option` with its heat scale (a visualMap using HEAT_SCALE) turned for `theme`. */
export function themedHeat<T extends object>(option: T, theme: Theme): T {
  const map = (option as { visualMap?: { inRange?: { color?: string[] } } }).visualMap
  if (theme !== 'dark' || map?.inRange?.color !== HEAT_SCALE) return option
  return { ...option, visualMap: { ...map, inRange: { ...map.inRange, color: DARK_HEAT_SCALE } } }
}
