import { describe, expect, it } from 'vitest'
import { rng, shuffleIndices, subSeed } from '../../../engine/data/random'

describe('rng', () => {
  it('repeats for a seed and differs between seeds', () => {
    const draw = (seed: number) => Array.from({ length: 5 }, rng(seed))
    expect(draw(42)).toEqual(draw(42))
    expect(draw(42)).not.toEqual(draw(43))
    expect(draw(0)).not.toEqual(draw(1))
  })

  it('gives uniform values in [0, 1) and integers in [0, n)', () => {
    const r = rng(7)
    let sum = 0
    let outside = 0
    const counts = new Array(10).fill(0)
    for (let i = 0; i < 100_000; i++) {
      const u = r()
      if (!(u >= 0 && u < 1)) outside++
      sum += u
      counts[r.int(10)]++
    }
    expect(outside).toBe(0)
    expect(sum / 100_000).toBeCloseTo(0.5, 2)
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500)
  })

  it('gives normals with the asked mean and std', () => {
    const r = rng(3)
    const n = 100_000
    let s = 0
    let s2 = 0
    for (let i = 0; i < n; i++) {
      const v = r.normal(2, 0.5)
      s += v
      s2 += v * v
    }
    const mean = s / n
    expect(mean).toBeCloseTo(2, 2)
    expect(Math.sqrt(s2 / n - mean * mean)).toBeCloseTo(0.5, 2)
  })
})

describe('shuffleIndices', () => {
  it('is a seeded permutation', () => {
    const p = shuffleIndices(1000, 5)
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i))
    expect(p).toEqual(shuffleIndices(1000, 5))
    expect(p).not.toEqual(shuffleIndices(1000, 6))
    // Not the identity: the first 10 positions almost surely move.
    expect([...p.subarray(0, 10)]).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
  })

  it('handles 0 and 1 elements', () => {
    expect(shuffleIndices(0, 1).length).toBe(0)
    expect([...shuffleIndices(1, 1)]).toEqual([0])
  })
})

describe('subSeed', () => {
  it('separates purposes and seeds', () => {
    expect(subSeed(0, 'a')).toBe(subSeed(0, 'a'))
    expect(subSeed(0, 'a')).not.toBe(subSeed(0, 'b'))
    expect(subSeed(0, 'a')).not.toBe(subSeed(1, 'a'))
  })
})
