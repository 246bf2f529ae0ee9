/**
 * Adagrad and Adadelta as the course defines them (d2l's optimisation chapter; PyTorch's
 * torch.optim.Adagrad / Adadelta with their defaults): steps against the formulas worked by hand,
 * a regression whose loss falls, and a stop + resume that continues exactly.
 */
import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { estimateTrainingMemory } from '../../../engine/budget/memory'
import { optimizerLine } from '../../../engine/export/pytorch/train'
import { trainingSchema } from '../../../engine/graph/schema'
import { decodeCheckpoint, encodeCheckpoint, type Checkpoint } from '../../../engine/train/checkpoint'
import { makeStepper } from '../../../engine/train/optimizer'
import { mlp, tf, trainInProcess } from '../../helpers/train'

const GRADS = [1, -2, 0.5]

/** Runs the stepper on one scalar weight (starting at 1) with the gradients given. */
function stepped(type: 'adagrad' | 'adadelta', lr: number) {
  const stepper = makeStepper(tf, trainingSchema.parse({ optimizer: { type, lr } }))
  const w = tf.variable(tf.scalar(1))
  const seen: number[] = []
  for (const g of GRADS) {
    stepper.applyGradients({ [w.name]: tf.scalar(g) }, [w], new Map())
    seen.push(w.dataSync()[0])
  }
  stepper.optimizer.dispose()
  w.dispose()
  return seen
}

describe('Adagrad and Adadelta, step by step', () => {
  it('Adagrad: s ← s + g², w ← w − lr·g/√s, from s = 0', () => {
    // by hand, lr 0.1: s = 1 → w = 1 − 0.1; s = 5 → w += 0.2/√5; s = 5.25 → w −= 0.05/√5.25
    const want = [0.9, 0.9 + 0.2 / Math.sqrt(5), 0.9 + 0.2 / Math.sqrt(5) - 0.05 / Math.sqrt(5.25)]
    stepped('adagrad', 0.1).forEach((w, i) => expect(w).toBeCloseTo(want[i], 5))
  })

  it('Adadelta: s ← ρs + (1−ρ)g², g′ = √(Δx+ε)/√(s+ε)·g, Δx ← ρΔx + (1−ρ)g′² (ρ 0.9, ε 1e-6)', () => {
    const eps = 1e-6
    let s = 0
    let dx = 0
    let w = 1
    const want = GRADS.map((g) => {
      s = 0.9 * s + 0.1 * g * g
      const update = (Math.sqrt(dx + eps) / Math.sqrt(s + eps)) * g
      dx = 0.9 * dx + 0.1 * update * update
      w -= update
      return w
    })
    // the first step by hand: √1e-6 / √0.100001 = 0.0031623
    expect(1 - want[0]).toBeCloseTo(0.0031623, 6)
    stepped('adadelta', 1).forEach((v, i) => expect(v).toBeCloseTo(want[i], 6))
  })
})

describe('the PyTorch export steps as the engine does', () => {
  for (const [type, lr] of [
    ['adagrad', 0.1],
    ['adadelta', 1],
  ] as const)
    it(`${type}: train.py's torch.optim line takes the same three steps`, () => {
      const line = optimizerLine(trainingSchema.parse({ optimizer: { type, lr } }))
      const torch = JSON.parse(
        execFileSync('/usr/bin/python3', ['test/reference/optim_steps.py', line, String(lr)], {
          encoding: 'utf8',
          timeout: 60_000,
        }),
      ) as number[]
      stepped(type, lr).forEach((w, i) => expect(w).toBeCloseTo(torch[i], 5))
    })
})

describe('the memory estimate counts their state', () => {
  it('Adagrad keeps one value per weight, Adadelta two', () => {
    const analysis = {
      order: [],
      totals: { trainableParams: 1000, stateParams: 0, frozenParams: 0, macs: 0 },
    }
    expect(estimateTrainingMemory(analysis, 1, 'adagrad').optimizer).toBe(4000)
    expect(estimateTrainingMemory(analysis, 1, 'adadelta').optimizer).toBe(8000)
  })
})

describe('Adagrad and Adadelta train and resume', () => {
  const SETTINGS = { adagrad: { lr: 0.5 }, adadelta: { lr: 1 } } as const
  for (const type of ['adagrad', 'adadelta'] as const)
    it(`${type}: the course's linear regression's loss falls, and a resumed run continues exactly`, async () => {
      const g = mlp(2, 0, 1, 'linear', 'mse')
      const settings = { optimizer: { type, ...SETTINGS[type] }, epochs: 4, seed: 3, batchSize: 10 }
      const full = await trainInProcess(g, settings)
      const losses = full.history.map((h) => h.loss)
      // Adadelta starts with steps of about √ε and speeds up (measured 24 → 13.7 in 4 epochs)
      losses.slice(1).forEach((l, i) => expect(l).toBeLessThan(losses[i]))
      expect(losses.at(-1)!).toBeLessThan(0.7 * losses[0])

      const saved: Checkpoint[] = []
      await trainInProcess(g, { ...settings, epochs: 2 }, { keep: (c) => saved.push(c) })
      const ckpt = decodeCheckpoint(encodeCheckpoint(saved.at(-1)!))
      // the optimiser's state travels: Adagrad's one accumulator per weight, Adadelta's two
      expect(ckpt.meta.optimizer.length).toBe(1 + (type === 'adagrad' ? 2 : 4))
      const resumed = await trainInProcess(g, settings, { resume: ckpt })
      expect(resumed.history.at(-1)!.loss).toBeCloseTo(full.history.at(-1)!.loss, 6)
      const a = full.model.getWeights().map((t) => Array.from(t.dataSync()))
      const b = resumed.model.getWeights().map((t) => Array.from(t.dataSync()))
      a.forEach((w, i) => w.forEach((v, j) => expect(b[i][j]).toBeCloseTo(v, 6)))
    })
})
