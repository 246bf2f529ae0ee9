import { describe, expect, it } from 'vitest'
import { HEAT_SCALE, themedHeat } from '../../../renderer/src/charts/heat'

const luminance = (hex: string) => {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

describe('heat-map scale on the dark theme', () => {
  const option = { visualMap: { show: false, min: 0, max: 1, inRange: { color: HEAT_SCALE } }, series: [] }

  it('runs from dark (nothing) to light (most), keeping the rest of the option', () => {
    const dark = themedHeat(option, 'dark')
    const [low, high] = dark.visualMap.inRange.color
    expect(luminance(low)).toBeLessThan(0.2)
    expect(luminance(high)).toBeGreaterThan(luminance(low) + 0.3)
    expect(dark.visualMap.max).toBe(1)
    expect(option.visualMap.inRange.color).toBe(HEAT_SCALE)
  })

  it('leaves the light theme and other scales alone', () => {
    expect(themedHeat(option, 'light')).toBe(option)
    const other = { visualMap: { inRange: { color: ['#93c5fd', '#f8fafc', '#fca5a5'] } } }
    expect(themedHeat(other, 'dark')).toBe(other)
  })
})
