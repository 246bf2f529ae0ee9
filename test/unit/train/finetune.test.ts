/**
 * The fine-tuning walkthrough end to end in the engine: pretrain the gratings CNN preset, replace
 * its head for 'plaids' (4 new classes, 200 samples), freeze the convolutions, train the head at
 * 10× the rate from the pretrained weights — and compare with the same graph trained from scratch
 * for the same steps. Figures printed here are the README's.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { freezeBefore, replaceHead } from '../../../engine/graph/finetune'
import type { GraphDoc } from '../../../engine/graph/schema'
import type { Checkpoint } from '../../../engine/train/checkpoint'
import { decodeCheckpoint, encodeCheckpoint } from '../../../engine/train/checkpoint'
import { trainInProcess } from '../../helpers/train'

const preset = JSON.parse(readFileSync('presets/gratings-cnn.json', 'utf8')) as GraphDoc
const plaids = (doc: GraphDoc): GraphDoc => ({
  ...doc,
  training: {
    ...doc.training,
    dataset: { name: 'plaids' },
    optimizer: { ...doc.training.optimizer, lr: 0.003 },
  },
})
const BODY = ['n_conv1/kernel', 'n_conv1/bias', 'n_conv2/kernel', 'n_conv2/bias']

describe('fine-tuning a pretrained network', () => {
  it('trains faster from transferred weights than from scratch on the same small data; frozen weights stay bit-identical', async () => {
    const saved: Checkpoint[] = []
    const pre = await trainInProcess(preset, {}, { keep: (c) => saved.push(c) })
    const source = decodeCheckpoint(encodeCheckpoint(saved.at(-1)!))
    const headed = replaceHead(preset, 4, 10)
    expect(headed.head).toBe('head')
    const { doc: tuned, frozen } = freezeBefore(headed.doc, headed.head)
    expect(frozen).toEqual(['conv1', 'pool1', 'conv2', 'pool2', 'gap'])

    const epochs = 8
    const ft = await trainInProcess(plaids(tuned), { epochs }, { initFrom: source })
    const scratch = await trainInProcess(plaids(replaceHead(preset, 4).doc), { epochs })
    const acc = (r: typeof ft) => r.history.map((h) => h.valMetrics.accuracy)
    const loss = (r: typeof ft) => r.history.map((h) => h.valLoss!)
    console.log(
      JSON.stringify({
        pretrain: pre.history.map((h) => h.valMetrics.accuracy),
        finetuned: { accuracy: acc(ft), valLoss: loss(ft) },
        scratch: { accuracy: acc(scratch), valLoss: loss(scratch) },
      }),
    )
    expect(pre.history.at(-1)!.valMetrics.accuracy).toBeGreaterThan(0.8)
    // same graph, data, seed and steps: the pretrained features are worth at least 30 points
    expect(acc(ft).at(-1)!).toBeGreaterThan(acc(scratch).at(-1)! + 0.3)
    expect(loss(ft).at(-1)!).toBeLessThan(loss(scratch).at(-1)! - 0.3)

    const started = ft.events.find((e) => e.type === 'run-started')
    if (started?.type !== 'run-started') throw new Error('no run-started event')
    expect(started.transfer!.loaded.map((n) => n.node).sort()).toEqual(['conv1', 'conv2'])
    expect(started.transfer!.initialised.map((n) => [n.node, n.reason])).toEqual([['head', 'shape']])
    expect(started.frozenParams).toBe(448 + 4_640)
    for (const w of BODY) {
      const after = await ft.model.weights
        .find((v) => v.originalName === w)!
        .read()
        .data()
      expect(Float32Array.from(after as Float32Array), w).toEqual(
        source.weights[source.meta.weights.findIndex((e) => e.name === w)],
      )
    }
  }, 120_000)
})
