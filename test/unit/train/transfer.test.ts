import { describe, expect, it } from 'vitest'
import type { GraphDocInput } from '../../../engine/graph/schema'
import type { TrainEvent, TransferReport } from '../../../engine/protocol'
import { decodeCheckpoint, encodeCheckpoint, type Checkpoint } from '../../../engine/train/checkpoint'
import { describeTransfer } from '../../../engine/train/transfer'
import { trainInProcess } from '../../helpers/train'

/** Input [2] → h (Dense 8, tanh) → mid (Dense 6) → out (Dense k): a body and a replaceable head. */
const net = (
  k: number,
  ids = { h: 'h', mid: 'mid' },
  extra: Record<string, unknown>[] = [],
): GraphDocInput => ({
  format: 'deepwire-graph',
  version: 2,
  nodes: [
    { id: 'in', type: 'Input', params: { shape: [2] } },
    { id: ids.h, type: 'Dense', params: { units: 8, activation: 'tanh' } },
    { id: ids.mid, type: 'Dense', params: { units: 6, activation: 'tanh' } },
    ...extra.map((n) => n as { id: string; type: string }),
    { id: 'out', type: 'Dense', params: { units: k } },
  ],
  edges: [
    { source: 'in', target: ids.h },
    { source: ids.h, target: ids.mid },
    ...(extra.length
      ? [
          { source: ids.mid, target: extra[0].id as string },
          { source: extra[0].id as string, target: 'out' },
        ]
      : [{ source: ids.mid, target: 'out' }]),
  ],
  // the source learns spirals (3 classes); the edited graph moves to moons (2 classes), a new task
  training: {
    dataset: { name: k === 3 ? 'spirals' : 'moons' },
    batchSize: 32,
    epochs: 2,
    validationSplit: 0.2,
  },
})

const named = (c: Checkpoint, name: string) => c.weights[c.meta.weights.findIndex((w) => w.name === name)]
const valuesOf = async (model: {
  weights: { originalName: string; read(): { data(): Promise<unknown> } }[]
}) =>
  new Map(
    await Promise.all(
      model.weights.map(
        async (w) => [w.originalName, Float32Array.from((await w.read().data()) as Float32Array)] as const,
      ),
    ),
  )
const reportOf = (events: TrainEvent[]): TransferReport | undefined =>
  events.find((e): e is Extract<TrainEvent, { type: 'run-started' }> => e.type === 'run-started')?.transfer

async function source(): Promise<Checkpoint> {
  const saved: Checkpoint[] = []
  await trainInProcess(net(3), { epochs: 2, seed: 3 }, { keep: (c) => saved.push(c) })
  // through the file format, as `--init-from` reads it
  return decodeCheckpoint(encodeCheckpoint(saved.at(-1)!))
}

describe('starting a run from other weights (fine-tuning)', () => {
  it('replacing the head keeps every other weight; the head starts fresh and the report says why', async () => {
    const ckpt = await source()
    // a new head for 2 classes (a different task), loaded but not trained yet
    const run = await trainInProcess(net(2), { seed: 11 }, { initFrom: ckpt, maxBatches: 0 })
    const fresh = await trainInProcess(net(2), { seed: 11 }, { maxBatches: 0 })
    const got = await valuesOf(run.model)
    const init = await valuesOf(fresh.model)
    for (const w of ['n_h/kernel', 'n_h/bias', 'n_mid/kernel', 'n_mid/bias']) {
      expect(got.get(w)).toEqual(named(ckpt, w))
      expect(init.get(w)).not.toEqual(named(ckpt, w))
    }
    // the head keeps this run's own initial weights, bit for bit
    expect(got.get('n_out/kernel')).toEqual(init.get('n_out/kernel'))
    const report = reportOf(run.events)!
    expect(report.loaded.map((n) => n.node).sort()).toEqual(['h', 'mid'])
    expect(report.loaded.find((n) => n.node === 'h')!.params).toBe(2 * 8 + 8)
    expect(report.initialised).toEqual([
      { node: 'out', reason: 'shape', detail: 'n_out/kernel is [6×2] here but [6×3] in the source' },
    ])
    expect(report.unused).toEqual(['out'])
    expect(describeTransfer(report).join('\n')).toMatch(
      /weights from source\.dwckpt: 2 node\(s\) loaded \(78 numbers\), 1 newly initialised\n {2}out: newly initialised \(shape changed: n_out\/kernel is \[6×2\] here but \[6×3\] in the source\)/,
    )
  })

  it('is not a resume: epochs start at 0 and the optimizer starts fresh', async () => {
    const ckpt = await source()
    expect(ckpt.meta.epoch).toBe(2)
    expect(ckpt.optimizer.length).toBeGreaterThan(0)
    const run = await trainInProcess(net(2), { epochs: 2, seed: 11 }, { initFrom: ckpt })
    const started = run.events.find((e) => e.type === 'run-started') as Extract<
      TrainEvent,
      { type: 'run-started' }
    >
    expect(started.startEpoch).toBe(0)
    expect(run.history.map((h) => h.epoch)).toEqual([1, 2])
    // a fresh Adam's first step moves every weight by the learning rate (m̂/√v̂ = ±1); Adam state
    // carried over from the source would move them by other amounts
    const one = await trainInProcess(
      net(3),
      { seed: 3, optimizer: { type: 'adam', lr: 0.01 } },
      { initFrom: ckpt, maxBatches: 1 },
    )
    const after = await valuesOf(one.model)
    const moved = Array.from(after.get('n_mid/kernel')!, (v, i) =>
      Math.abs(v - named(ckpt, 'n_mid/kernel')[i]),
    )
    for (const d of moved) expect(d).toBeCloseTo(0.01, 4)
  })

  it('a renamed node and a new node start fresh, each with its reason', async () => {
    const ckpt = await source()
    const edited = net(3, { h: 'h', mid: 'middle' }, [{ id: 'extra', type: 'Dense', params: { units: 6 } }])
    const run = await trainInProcess(edited, { seed: 11 }, { initFrom: ckpt, maxBatches: 0 })
    const report = reportOf(run.events)!
    expect(report.loaded.map((n) => n.node).sort()).toEqual(['h', 'out'])
    const why = Object.fromEntries(report.initialised.map((n) => [n.node, n]))
    expect(why.middle.reason).toBe('new')
    expect(why.middle.detail).toMatch(
      /the source has no weight n_middle\/kernel \(was it renamed from 'mid'\?/,
    )
    expect(why.extra.reason).toBe('new')
    expect(why.extra.detail).toMatch(/no weight n_extra\/kernel/)
    expect(report.unused).toEqual(['mid'])
  })
})
