/**
 * 'torch-default' draws what PyTorch's nn.Linear / nn.Conv*d draw at construction (weights and
 * biases uniform in ±1/√fan_in), and 'glorot' what xavier_uniform_ draws: measured on both sides,
 * PyTorch's through test/reference/init_stats.py.
 */
import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import type { Initializer } from '../../../engine/layers/types'
import { build } from './build'

interface Measured {
  fan_in: number
  fan_out?: number
  weight: [number, number]
  bias?: [number, number]
}

const reference = JSON.parse(
  execFileSync('/usr/bin/python3', ['test/reference/init_stats.py'], { encoding: 'utf8', timeout: 60_000 }),
) as Record<string, Measured>

const CASES = {
  dense: { kind: 'Dense', params: { units: 120 }, input: [400] },
  conv2d: { kind: 'Conv2D', params: { filters: 16, kernelSize: 5 }, input: [12, 12, 6] },
  conv1d: { kind: 'Conv1D', params: { filters: 32, kernelSize: 3 }, input: [20, 8] },
  conv2d_transpose: { kind: 'Conv2DTranspose', params: { filters: 16, kernelSize: 3 }, input: [8, 8, 32] },
}

function drawn(c: (typeof CASES)[keyof typeof CASES], init: Initializer) {
  const { model } = build(c.kind, c.params, [c.input], 'float32', init)
  const values = (suffix: string) =>
    model.trainableWeights
      .find((w) => w.originalName.endsWith(suffix))!
      .read()
      .dataSync() as Float32Array
  return { kernel: values('kernel'), bias: values('bias') }
}

function stats(v: Float32Array): [number, number] {
  let max = 0
  let sum = 0
  let sq = 0
  for (const x of v) {
    max = Math.max(max, Math.abs(x))
    sum += x
    sq += x * x
  }
  const mean = sum / v.length
  return [max, Math.sqrt(sq / v.length - mean * mean)]
}

describe("'torch-default' matches PyTorch's own initialisation", () => {
  for (const [name, c] of Object.entries(CASES))
    it(name, () => {
      const ref = reference[name]
      const bound = 1 / Math.sqrt(ref.fan_in)
      const { kernel, bias } = drawn(c, 'torch-default')
      const [wMax, wStd] = stats(kernel)
      const [bMax, bStd] = stats(bias)
      // a uniform in ±b has standard deviation b/√3; both sides draw enough weights to show it
      for (const [max, std] of [ref.weight, [wMax, wStd]]) {
        expect(max).toBeLessThanOrEqual(bound * (1 + 1e-6))
        expect(max).toBeGreaterThan(0.98 * bound)
        expect(Math.abs(std / (bound / Math.sqrt(3)) - 1)).toBeLessThan(0.05)
      }
      // biases share the kernel's bound (few of them: a looser look at the spread)
      for (const [max, std] of [ref.bias!, [bMax, bStd]]) {
        expect(max).toBeLessThanOrEqual(bound * (1 + 1e-6))
        expect(max).toBeGreaterThan(0.5 * bound)
        expect(Math.abs(std / (bound / Math.sqrt(3)) - 1)).toBeLessThan(0.4)
      }
    })

  it("'glorot' and 'xavier-uniform' draw xavier_uniform_'s weights; 'xavier-uniform' keeps PyTorch's bias", () => {
    const ref = reference.xavier_conv2d
    const bound = Math.sqrt(6 / (ref.fan_in + ref.fan_out!))
    const glorot = drawn(CASES.conv2d, 'glorot')
    const xavier = drawn(CASES.conv2d, 'xavier-uniform')
    for (const [m, s] of [ref.weight, stats(glorot.kernel), stats(xavier.kernel)]) {
      expect(m).toBeLessThanOrEqual(bound * (1 + 1e-6))
      expect(m).toBeGreaterThan(0.98 * bound)
      expect(Math.abs(s / (bound / Math.sqrt(3)) - 1)).toBeLessThan(0.05)
    }
    // the course's init_weights leaves the bias as nn.Conv2d drew it: ±1/√fan_in
    const biasBound = 1 / Math.sqrt(ref.fan_in)
    for (const [m] of [ref.bias!, stats(xavier.bias)]) {
      expect(m).toBeLessThanOrEqual(biasBound * (1 + 1e-6))
      expect(m).toBeGreaterThan(0.5 * biasBound)
    }
    expect(stats(glorot.bias)[0]).toBe(0)
  })
})
