import { describe, expect, it } from 'vitest'
import { boundedNumber } from '../../../renderer/src/fields/BoundedNumber'

describe('boundedNumber: what a number box sends on', () => {
  const box = { min: 0.01, max: 1, fallback: 0.5 }
  it('holds values within the bounds', () => {
    expect(boundedNumber('0.3', box)).toBe(0.3)
    expect(boundedNumber('7', box)).toBe(1)
    expect(boundedNumber('-2', box)).toBe(0.01)
  })
  it('reads an empty or half-typed box as the fallback, never NaN', () => {
    expect(boundedNumber('', box)).toBe(0.5)
    expect(boundedNumber('  ', box)).toBe(0.5)
    expect(boundedNumber('e', box)).toBe(0.5)
  })
  it('rounds whole-number boxes after holding them in bounds', () => {
    expect(boundedNumber('2.6', { min: 1, max: 2000, fallback: 100, integer: true })).toBe(3)
    expect(boundedNumber('0.2', { min: 1, max: 2000, fallback: 100, integer: true })).toBe(1)
  })
})
