import { describe, expect, it } from 'vitest'
import { OPTIMIZERS } from '../../../engine/graph/schema'
import { mlp, trainInProcess } from '../../helpers/train'

const first = (r: Awaited<ReturnType<typeof trainInProcess>>) => r.history[0]
const last = (r: Awaited<ReturnType<typeof trainInProcess>>) => r.history.at(-1)!

describe('training converges on small synthetic data', () => {
  // Adadelta's steps start at about lr·√ε and grow: a larger lr than the course's 1 fits in 8 epochs
  const lrs: Record<string, number> = {
    sgd: 0.05,
    momentum: 0.02,
    adam: 0.05,
    adamw: 0.05,
    rmsprop: 0.05,
    adagrad: 0.5,
    adadelta: 10,
  }
  for (const type of OPTIMIZERS)
    it(`${type} fits the course's linear regression`, async () => {
      const r = await trainInProcess(mlp(2, 0, 1, 'linear', 'mse'), {
        optimizer: { type, lr: lrs[type], weightDecay: type === 'adamw' ? 0.01 : 0 },
        epochs: 8,
      })
      expect(r.reason).toBe('completed')
      expect(last(r).valLoss!).toBeLessThan(0.1 * first(r).valLoss!)
      expect(last(r).valMetrics.mae).toBeLessThan(0.5)
    })

  for (const loss of ['mae', 'huber'] as const)
    it(`${loss} loss lowers the regression error`, async () => {
      const r = await trainInProcess(mlp(2, 0, 1, 'linear', loss), {
        optimizer: { type: 'adam', lr: 0.1 },
        epochs: 10,
      })
      expect(last(r).valMetrics.mae).toBeLessThan(0.5 * first(r).valMetrics.mae)
    })

  it('cross-entropy learns the two moons', async () => {
    const r = await trainInProcess(mlp(2, 16, 2, 'moons'), {
      optimizer: { type: 'adam', lr: 0.05 },
      epochs: 15,
    })
    expect(last(r).valMetrics.accuracy).toBeGreaterThan(0.85)
  })

  it('binary cross-entropy on a single logit learns XOR', async () => {
    const r = await trainInProcess(mlp(2, 8, 1, 'xor', 'binary-cross-entropy'), {
      optimizer: { type: 'adam', lr: 0.05 },
      epochs: 40,
    })
    expect(last(r).valMetrics.accuracy).toBeGreaterThan(0.95)
    expect(last(r).loss).toBeLessThan(first(r).loss)
  })

  it('a softmax output head is trained as probabilities', async () => {
    const g = mlp(2, 16, 2, 'moons')
    ;(g.nodes[2].params as Record<string, unknown>).activation = 'softmax'
    const r = await trainInProcess(g, { optimizer: { type: 'adam', lr: 0.05 }, epochs: 15 })
    expect(last(r).valMetrics.accuracy).toBeGreaterThan(0.85)
  })

  it('early stop ends a run that stopped improving', async () => {
    const r = await trainInProcess(mlp(2, 0, 1, 'linear', 'mse'), {
      optimizer: { type: 'sgd', lr: 1e-7 },
      epochs: 50,
      earlyStop: { patience: 2, minDelta: 1 },
    })
    expect(r.reason).toBe('early-stop')
    expect(r.history.length).toBe(3)
  })

  it('stops with a clear reason when the loss becomes NaN or infinite', async () => {
    await expect(
      trainInProcess(mlp(2, 0, 1, 'linear', 'mse'), { optimizer: { type: 'sgd', lr: 50 }, epochs: 5 }),
    ).rejects.toThrow(/the loss became (NaN|Infinity) at epoch \d+, batch \d+/)
  })

  it('stop takes effect at the next batch boundary', async () => {
    const control = { stopRequested: false, whilePaused: async () => {} }
    let seen = 0
    const events: string[] = []
    const r = await trainInProcess(
      mlp(2, 8, 1, 'linear', 'mse'),
      { batchSize: 4, epochs: 3 },
      {
        control,
        onEvent: (e) => {
          events.push(e.type)
          if (e.type === 'batch-end' && ++seen === 7) control.stopRequested = true
        },
      },
    )
    expect(r.reason).toBe('stopped')
    expect(events.filter((t) => t === 'batch-end').length).toBe(7)
    expect(events).not.toContain('epoch-end')
  })

  it('streams batch events with loss, metrics, throughput and learning rate', async () => {
    const r = await trainInProcess(mlp(2, 8, 2, 'xor'), {
      epochs: 2,
      schedule: { type: 'step', stepEpochs: 1, gamma: 0.5 },
    })
    const batches = r.events.filter((e) => e.type === 'batch-end')
    expect(batches.length).toBeGreaterThan(4)
    const b = batches[0]
    if (b.type !== 'batch-end') throw new Error()
    expect(b).toMatchObject({ epoch: 1, batch: 1 })
    expect(b.samplesPerSec).toBeGreaterThan(0)
    expect(Object.keys(b.metrics)).toEqual(['accuracy'])
    expect(r.history.map((h) => h.lr)).toEqual([0.001, 0.0005])
  })
})
