/**
 * The course's sequential partitioning: windows in text order, cut into one stream per batch
 * row, and recurrent layers that carry their state from one batch to the next within an epoch.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { datasetSplit } from '../../../engine/data/batches'
import { sequentialOrder } from '../../../engine/data/partition'
import { loadTimeMachine } from '../../../engine/data/text'
import type { GraphDocInput } from '../../../engine/graph/schema'
import { trainingSchema } from '../../../engine/graph/schema'
import { carryRecurrentState } from '../../../engine/train/carry'
import { tf, trainInProcess } from '../../helpers/train'
import { checked } from '../layers/build'

describe('sequential partitioning', () => {
  it('row i of each batch continues row i of the batch before', () => {
    // 10 windows, batch 3: streams [0 1 2], [3 4 5], [6 7 8]; window 9 left out
    const order = sequentialOrder(
      Int32Array.from({ length: 10 }, (_, i) => i),
      3,
    )
    expect(Array.from(order)).toEqual([0, 3, 6, 1, 4, 7, 2, 5, 8])
  })

  it('keeps the windows in text order and validates on the tail', async () => {
    const ds = await loadTimeMachine({ size: [35], tokenizer: 'letters', partition: 'sequential' })
    // the target of window 0's last step is window 1's first character
    expect(ds.y[34]).toBe(ds.x[35])
    const cfg = trainingSchema.parse({
      split: 'holdout',
      dataset: { name: 'time-machine', partition: 'sequential' },
    })
    const { train, val } = datasetSplit(ds, cfg)
    expect(Array.from(train.slice(0, 3))).toEqual([0, 1, 2])
    expect(val[0]).toBe(train.length)
    expect(val.at(-1)).toBe(ds.size - 1)
  })

  it('a recurrent layer carries its state between training calls until reset', () => {
    const b = checked('SimpleRNN', { units: 3 }, [[4, 2]])
    const x = tf.randomUniform([2, 4, 2], -1, 1, 'float32', 1)
    const out = () => Array.from((b.model.apply(x, { training: true }) as tf.Tensor).dataSync())
    const fresh = out()
    carryRecurrentState(tf, b.model, true)
    expect(out()).toEqual(fresh)
    const carried = out()
    expect(carried).not.toEqual(fresh)
    // inference never carries
    expect(Array.from((b.model.apply(x) as tf.Tensor).dataSync())).toEqual(fresh)
    carryRecurrentState(tf, b.model, true)
    expect(out()).toEqual(fresh)
    carryRecurrentState(tf, b.model, false)
    out()
    expect(out()).toEqual(fresh)
  })

  it("the course's recurrent presets train on the book's first 10,000 characters, as the course's loader", async () => {
    for (const name of ['rnn-course', 'gru-course', 'lstm-course']) {
      const doc = JSON.parse(readFileSync(`presets/${name}.json`, 'utf8')) as GraphDocInput
      const ds = await loadTimeMachine(doc.training!.dataset!)
      expect(ds.size * 35, name).toBeGreaterThanOrEqual(10_000)
      expect((ds.size - 1) * 35, name).toBeLessThan(10_000)
      expect(ds.numClasses, name).toBe(28)
    }
  })

  it("the course's RNN trains with sequential partitioning on one worker", async () => {
    const doc = JSON.parse(readFileSync('presets/rnn-course.json', 'utf8')) as GraphDocInput
    const dataset = { ...doc.training!.dataset, limit: 200, partition: 'sequential' }
    const r = await trainInProcess(doc, { epochs: 1, dataset })
    const started = r.events.find((e) => e.type === 'run-started') as { dataset: { train: number } }
    // 180 training windows in 5 streams of 32 rows: 160
    expect(started.dataset.train).toBe(160)
    expect(Number.isFinite((r.epochs[0] as { loss: number }).loss)).toBe(true)
  }, 120_000)
})
