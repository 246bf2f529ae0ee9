/**
 * Seeded randomness for every dataset and split. Math.random would make a run impossible to
 * reproduce from its checkpoint, so everything here derives from an explicit integer seed.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  (): number
  /** Integer in [0, n). */
  int(n: number): number
  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number
  /** Gaussian via Box–Muller; the spare value is kept so no draw is wasted. */
  normal(mean?: number, std?: number): number
}

/** mulberry32: 32-bit state, fast, and good enough for data generation (not for cryptography). */
export function rng(seed: number): Rng {
  // Mix the seed once so nearby seeds (0, 1, 2) do not start from nearby states.
  let state = Math.imul((seed | 0) ^ 0x9e3779b9, 0x85ebca6b) >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  let spare: number | null = null
  const normal = (mean = 0, std = 1): number => {
    if (spare !== null) {
      const z = spare
      spare = null
      return mean + std * z
    }
    // 1 - u keeps the logarithm's argument in (0, 1].
    const r = Math.sqrt(-2 * Math.log(1 - next()))
    const theta = 2 * Math.PI * next()
    spare = r * Math.sin(theta)
    return mean + std * r * Math.cos(theta)
  }
  return Object.assign(next, {
    int: (n: number) => Math.floor(next() * n),
    uniform: (lo: number, hi: number) => lo + (hi - lo) * next(),
    normal,
  })
}

/** A seeded permutation of 0..n-1 (Fisher–Yates). */
export function shuffleIndices(n: number, seed: number): Int32Array {
  const out = new Int32Array(n)
  for (let i = 0; i < n; i++) out[i] = i
  const rand = rng(seed)
  for (let i = n - 1; i > 0; i--) {
    const j = rand.int(i + 1)
    const t = out[i]
    out[i] = out[j]
    out[j] = t
  }
  return out
}

/** A seed for one purpose derived from the user's seed, so two generators never share a stream. */
export function subSeed(seed: number, purpose: string): number {
  let h = (seed | 0) ^ 0x811c9dc5
  for (let i = 0; i < purpose.length; i++) h = Math.imul(h ^ purpose.charCodeAt(i), 0x01000193)
  return h | 0
}
