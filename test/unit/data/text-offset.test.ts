/**
 * The course's random partitioning re-cuts the text at a seeded random offset in [0, T) every
 * epoch: training batches read the shifted windows, validation keeps its own windows and no
 * shifted training window reads their text.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { datasetSplit, gatherBatch } from '../../../engine/data/batches'
import { epochOffset, shiftedWindows } from '../../../engine/data/partition'
import { loadText } from '../../../engine/data/text'
import { trainingSchema } from '../../../engine/graph/schema'
import { trainSession } from '../../../engine/train/parallel/session'
import { analyzed } from '../vision/presets'
import { tempDir } from './tmp'

const dir = tempDir('text-offset')
const T = 5
// 26 distinct characters, 4 times over: a token's id says where in the alphabet it is
const file = join(dir, 'abc.txt')
writeFileSync(file, 'abcdefghijklmnopqrstuvwxyz'.repeat(4))

/** The dataset (shuffled windows) and its whole token stream. */
const textAt = async () => {
  const ds = await loadText({ path: file, size: [T] })
  return { ds, ids: ds.text!.ids }
}

describe('random partitioning re-offsets every epoch', () => {
  it('draws a seeded offset in [0, T) per epoch, different across epochs', () => {
    const offsets = Array.from({ length: 40 }, (_, e) => epochOffset(7, e, T))
    expect(offsets).toEqual(Array.from({ length: 40 }, (_, e) => epochOffset(7, e, T)))
    expect(offsets.every((o) => Number.isInteger(o) && o >= 0 && o < T)).toBe(true)
    expect(new Set(offsets).size).toBe(T)
    expect(Array.from({ length: 40 }, (_, e) => epochOffset(8, e, T))).not.toEqual(offsets)
  })

  it('keeps each window’s place in the text through the shuffle and a limit', async () => {
    const { ds, ids } = await textAt()
    const limited = await loadText({ path: file, size: [T], limit: 7 })
    for (const d of [ds, limited])
      for (let i = 0; i < d.size; i++) {
        const s = d.text!.starts[i]
        expect(Array.from(d.x.subarray(i * T, (i + 1) * T))).toEqual(Array.from(ids.subarray(s, s + T)))
      }
  })

  it('training windows move by the offset; ones that would read validation text stay', async () => {
    const { ds, ids } = await textAt()
    const cfg = trainingSchema.parse({ validationSplit: 0.25, split: 'holdout', seed: 3 })
    const { train, val } = datasetSplit(ds, cfg)
    const valTokens = new Set<number>()
    for (const i of val) for (let k = 0; k < T; k++) valTokens.add(ds.text!.starts[i] + k)
    const gather = shiftedWindows(ds, val, 3)
    let moved = 0
    for (let epoch = 0; epoch < 6; epoch++) {
      const o = epochOffset(3, epoch, T)
      const { x, y } = gather(train, 0, train.length, epoch)
      for (let b = 0; b < train.length; b++) {
        const own = ds.text!.starts[train[b]]
        const row = Array.from(x.subarray(b * T, (b + 1) * T))
        // the row is T consecutive tokens of the text starting at own + o, or at own
        const at = Array.from(ids.subarray(own + o, own + o + T)).join() === row.join() ? own + o : own
        expect(row).toEqual(Array.from(ids.subarray(at, at + T)))
        expect(Array.from(y.subarray(b * T, (b + 1) * T))).toEqual(
          Array.from(ids.subarray(at + 1, at + T + 1)),
        )
        for (let k = 0; k < T; k++) expect(valTokens.has(at + k)).toBe(false)
        if (at !== own) moved++
        // a window stays only when its shifted place would read validation text or leave the text
        if (at === own && o > 0) {
          const blocked =
            own + o + T >= ids.length || [...Array(T).keys()].some((k) => valTokens.has(own + o + k))
          expect(blocked).toBe(true)
        }
      }
    }
    expect(moved).toBeGreaterThan(train.length)
  })

  it('the training session shifts training batches only, epoch by epoch', async () => {
    const { ds } = await textAt()
    const { analysis } = analyzed({
      format: 'deepwire-graph',
      version: 2,
      nodes: [
        { id: 'in', type: 'Input', params: { shape: [T], dtype: 'int32' } },
        { id: 'emb', type: 'Embedding', params: { inputDim: 26, outputDim: 4 } },
        { id: 'out', type: 'Dense', params: { units: 26 } },
      ],
      edges: [
        { source: 'in', target: 'emb' },
        { source: 'emb', target: 'out' },
      ],
    })
    const rows = async (t: { x: tf.Tensor }) => Array.from(await t.x.data())
    const sessionFor = (partition: 'random' | 'sequential') =>
      trainSession(
        tf,
        analysis,
        trainingSchema.parse({ dataset: { name: 'text', path: file, partition }, seed: 3, split: 'holdout' }),
        ds,
      )
    const s = sessionFor('random')
    const order = s.epochOrder(0)
    const epochs = await Promise.all(
      [0, 1, 2, 3].map((e) => rows(s.toTensors(order, 0, 4, { epoch: e, batch: 0 }))),
    )
    const unshifted = Array.from(gatherBatch(ds, order, 0, 4).x)
    // evaluation reads the stored windows; training rows follow the epoch's offset
    expect(await rows(s.toTensors(order, 0, 4))).toEqual(unshifted)
    const offsets = [0, 1, 2, 3].map((e) => epochOffset(3, e, T))
    epochs.forEach((x, e) => {
      if (offsets[e] === 0) expect(x).toEqual(unshifted)
    })
    expect(new Set(epochs.map((x) => x.join())).size).toBe(new Set(offsets).size)
    // sequential partitioning keeps its streams in step: no shift
    const q = sessionFor('sequential')
    const qo = q.epochOrder(1)
    expect(await rows(q.toTensors(qo, 0, 4, { epoch: 1, batch: 0 }))).toEqual(
      Array.from(gatherBatch(ds, qo, 0, 4).x),
    )
    s.model.dispose()
    q.model.dispose()
  })
})
