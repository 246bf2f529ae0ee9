import { describe, expect, it } from 'vitest'
import { rng } from '../../../engine/data/random'
import { dropoutMasks, initMlp, lossAndGrad, trainMlp } from '../../../renderer/src/learn/mlp'
import { cubicData } from '../../../renderer/src/learn/polyfit'

const train = cubicData({ n: 15, noise: 0.3, seed: 1 })
const val = cubicData({ n: 100, noise: 0.3, seed: 2 })

describe('dropout lesson network', () => {
  it('backprop gradient matches finite differences, with and without a dropout mask', () => {
    const p = initMlp(5, 4)
    const masks = dropoutMasks(rng(9), train.x.length, 5, 0.4)
    for (const m of [undefined, masks]) {
      const { grad } = lossAndGrad(p, train, m)
      for (let k = 0; k < p.length; k++) {
        const h = 1e-6
        const up = [...p]
        up[k] += h
        const down = [...p]
        down[k] -= h
        const fd = (lossAndGrad(up, train, m).loss - lossAndGrad(down, train, m).loss) / (2 * h)
        expect(grad[k]).toBeCloseTo(fd, 5)
      }
    }
  })

  it('inverted dropout keeps each unit with probability 1 − rate and preserves the mean', () => {
    const masks = dropoutMasks(rng(1), 400, 50, 0.3)
    const flat = masks.flat()
    const zeros = flat.filter((v) => v === 0).length / flat.length
    expect(zeros).toBeGreaterThan(0.27)
    expect(zeros).toBeLessThan(0.33)
    expect(flat.reduce((a, b) => a + b, 0) / flat.length).toBeCloseTo(1, 1)
  })

  it('training lowers the error, and dropout keeps training error above the plain run', () => {
    const o = { hidden: 30, steps: 1500, lr: 0.02, seed: 3, every: 500 }
    const plain = trainMlp(train, val, { ...o, rate: 0 })
    const dropped = trainMlp(train, val, { ...o, rate: 0.5 })
    expect(plain.history).toHaveLength(4)
    expect(plain.history.at(-1)!.train).toBeLessThan(plain.history[0].train / 10)
    expect(dropped.history.at(-1)!.train).toBeGreaterThan(plain.history.at(-1)!.train)
    expect(() => trainMlp(train, val, { ...o, rate: 1 })).toThrow(/dropout rate 1/)
  })
})
