import { describe, expect, it } from 'vitest'
import { loadDataset } from '../../../engine/data/registry'
import { decodeTokens, sequenceTask, SEQ_VOCAB } from '../../../engine/data/sequences'
import { shapes } from '../../../engine/data/shapes'
import { circles, linear, moons, sine, spirals, xor } from '../../../engine/data/synthetic'
import { bytesEqual } from './tmp'

const SYNTHETIC = ['linear', 'xor', 'moons', 'circles', 'spirals', 'sine', 'copy', 'reverse', 'add', 'shapes']

describe('every synthetic set', () => {
  it.each(SYNTHETIC)('%s is consistent and seeded', async (name) => {
    const opts = name === 'shapes' ? { samples: 40 } : {}
    const a = await loadDataset(name, opts)
    const b = await loadDataset(name, opts)
    const c = await loadDataset(name, { ...opts, seed: 1 })
    const per = (s: number[]) => s.reduce((p, q) => p * q, 1)
    expect(a.x.length).toBe(a.size * per(a.inputShape))
    expect(a.y.length).toBe(a.size * per(a.targetShape))
    expect(a.size).toBeGreaterThan(0)
    expect(bytesEqual(a.x, b.x) && bytesEqual(a.y, b.y)).toBe(true)
    expect(bytesEqual(a.x, c.x)).toBe(false)
    for (const v of a.x) if (!Number.isFinite(v)) throw new Error(`${name}: non-finite input`)
    if (a.numClasses && a.task !== 'segmentation') {
      const k = a.numClasses
      expect(a.y.every((v) => v >= 0 && v < k)).toBe(true)
    }
    const few = await loadDataset(name, { ...opts, limit: 7 })
    expect(few.size).toBe(7)
  })
})

describe('linear', () => {
  it('follows y = 2·x1 − 3.4·x2 + 4.2 (least squares recovers it)', () => {
    const ds = linear()
    expect(ds.size).toBe(1000)
    // Normal equations for [x1, x2, 1].
    const A = [
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ]
    const r = [0, 0, 0]
    for (let i = 0; i < ds.size; i++) {
      const f = [ds.x[2 * i], ds.x[2 * i + 1], 1]
      for (let p = 0; p < 3; p++) {
        r[p] += f[p] * ds.y[i]
        for (let q = 0; q < 3; q++) A[p][q] += f[p] * f[q]
      }
    }
    const w = solve3(A, r)
    expect(w[0]).toBeCloseTo(2, 2)
    expect(w[1]).toBeCloseTo(-3.4, 2)
    expect(w[2]).toBeCloseTo(4.2, 2)
  })
})

function solve3(A: number[][], b: number[]): number[] {
  const m = A.map((row, i) => [...row, b[i]])
  for (let c = 0; c < 3; c++) {
    for (let r = c + 1; r < 3; r++) {
      const f = m[r][c] / m[c][c]
      for (let k = c; k < 4; k++) m[r][k] -= f * m[c][k]
    }
  }
  const x = [0, 0, 0]
  for (let r = 2; r >= 0; r--) {
    let rest = m[r][3]
    for (let k = r + 1; k < 3; k++) rest -= m[r][k] * x[k]
    x[r] = rest / m[r][r]
  }
  return x
}

describe('2-D classification sets', () => {
  it('xor labels are the XOR of the nearest corner', () => {
    const ds = xor()
    for (let i = 0; i < ds.size; i++) {
      const a = ds.x[2 * i] > 0.5 ? 1 : 0
      const b = ds.x[2 * i + 1] > 0.5 ? 1 : 0
      expect(ds.y[i]).toBe(a ^ b)
    }
  })

  it('classes are balanced; circles lie on radius (c + 1) / K', () => {
    for (const ds of [moons(), circles(), spirals(), circles({ classes: 3, noise: 0 })]) {
      const counts = new Array(ds.numClasses).fill(0)
      for (const c of ds.y) counts[c]++
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1)
    }
    const ds = circles({ classes: 3, noise: 0 })
    for (let i = 0; i < ds.size; i++)
      expect(Math.hypot(ds.x[2 * i], ds.x[2 * i + 1])).toBeCloseTo((ds.y[i] + 1) / 3, 5)
    expect(spirals().numClasses).toBe(3)
  })
})

describe('sine', () => {
  it('windows of τ previous values predict the next; noise std ≈ 0.2', () => {
    const ds = sine()
    expect(ds.inputShape).toEqual([4, 1])
    expect(ds.size).toBe(996)
    let s2 = 0
    for (let i = 0; i + 1 < ds.size; i++) {
      for (let k = 0; k < 3; k++) expect(ds.x[(i + 1) * 4 + k]).toBe(ds.x[i * 4 + k + 1])
      expect(ds.y[i]).toBe(ds.x[(i + 1) * 4 + 3])
      // Sample i's target is x_t with t = i + τ + 1.
      s2 += (ds.y[i] - Math.sin(0.01 * (i + 5))) ** 2
    }
    expect(Math.sqrt(s2 / (ds.size - 1))).toBeCloseTo(0.2, 1)
    expect(sine({ size: [8] }).inputShape).toEqual([8, 1])
    expect(() => sine({ samples: 3 })).toThrow(/sine/)
  })
})

describe('sequence tasks', () => {
  const rows = (ds: ReturnType<typeof sequenceTask>) =>
    Array.from({ length: ds.size }, (_, s) => {
      const len = ds.inputShape[0]
      return [
        decodeTokens(ds.x.subarray(s * len, (s + 1) * len)),
        decodeTokens(ds.y.subarray(s * len, (s + 1) * len)),
      ]
    })

  it.each([
    ['copy', (q: string) => q],
    ['reverse', (q: string) => [...q].reverse().join('')],
    ['add', (q: string) => String(q.split('+').reduce((a, b) => a + Number(b), 0))],
  ] as const)('%s targets answer the question', (task, answer) => {
    const ds = sequenceTask(task, { samples: 500 })
    expect(ds.numClasses).toBe(SEQ_VOCAB.length)
    expect(ds.meta?.vocab).toEqual(SEQ_VOCAB)
    for (const [input, target] of rows(ds)) {
      const q = /^<bos>([0-9+]+)<eos>$/.exec(input)![1]
      expect(target).toBe(answer(q) + '<eos>')
    }
  })

  it('the answer starts at the <eos> of the question', () => {
    const ds = sequenceTask('copy', { samples: 50, size: [3] })
    expect(ds.inputShape).toEqual([8])
    const len = 8
    for (let s = 0; s < ds.size; s++) {
      const eos = ds.x.subarray(s * len, (s + 1) * len).indexOf(2)
      expect(ds.y[s * len + eos - 1]).toBe(0)
      expect(ds.y[s * len + eos]).toBe(ds.x[s * len + 1])
    }
  })
})

describe('shapes', () => {
  it('masks mark pixels whose colour differs from the background', () => {
    const ds = shapes({ samples: 20 })
    expect(ds.inputShape).toEqual([64, 64, 3])
    expect(ds.targetShape).toEqual([64, 64, 1])
    expect(ds.xScale).toBeCloseTo(1 / 255)
    const px = 64 * 64
    for (let s = 0; s < ds.size; s++) {
      let on = 0
      let invalid = 0
      const mean = [
        [0, 0, 0],
        [0, 0, 0],
      ]
      for (let p = 0; p < px; p++) {
        const m = ds.y[s * px + p]
        if (m !== 0 && m !== 1) invalid++
        on += m
        for (let c = 0; c < 3; c++) mean[m][c] += ds.x[(s * px + p) * 3 + c]
      }
      expect(invalid).toBe(0)
      expect(on / px).toBeGreaterThan(0.005)
      expect(on / px).toBeLessThan(0.8)
      const bg = mean[0].map((v) => v / (px - on))
      const fg = mean[1].map((v) => v / on)
      expect(Math.abs(bg[0] - fg[0]) + Math.abs(bg[1] - fg[1]) + Math.abs(bg[2] - fg[2])).toBeGreaterThan(30)
    }
    expect(shapes({ samples: 2, size: [32, 48] }).inputShape).toEqual([32, 48, 3])
  })
})
