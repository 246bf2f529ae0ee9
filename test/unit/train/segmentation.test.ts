import { describe, expect, it } from 'vitest'
import type { GraphDocInput } from '../../../engine/graph/schema'
import { trainInProcess } from '../../helpers/train'

const conv = (id: string, filters: number, activation = 'relu') => ({
  id,
  type: 'Conv2D',
  params: { filters, kernelSize: 5, padding: 'same', activation },
})

const net = (loss: 'dice' | 'binary-cross-entropy'): GraphDocInput => ({
  format: 'deepwire-graph',
  version: 2,
  nodes: [
    { id: 'in', type: 'Input', params: { shape: [16, 16, 3] } },
    conv('c1', 16),
    conv('c2', 16),
    conv('mask', 1, 'linear'),
  ],
  edges: [
    { source: 'in', target: 'c1' },
    { source: 'c1', target: 'c2' },
    { source: 'c2', target: 'mask' },
  ],
  training: {
    dataset: { name: 'shapes', size: [16, 16], samples: 300 },
    loss,
    optimizer: { type: 'adam', lr: 0.003 },
    batchSize: 16,
    epochs: 14,
  },
})

describe('segmentation on the shapes-and-masks images', () => {
  for (const loss of ['dice', 'binary-cross-entropy'] as const)
    it(`${loss} loss: IoU and Dice rise`, async () => {
      const r = await trainInProcess(net(loss))
      const first = r.history[0].valMetrics
      const last = r.history.at(-1)!.valMetrics
      expect(Object.keys(last).sort()).toEqual(['dice', 'iou'])
      // a 3-layer net first learns the background prior, then starts outlining the shapes;
      // the run is seeded, so these margins are stable, not lucky
      expect(last.iou).toBeGreaterThan(first.iou + (loss === 'dice' ? 0.04 : 0.1))
      expect(r.history.at(-1)!.loss).toBeLessThan(0.85 * r.history[0].loss)
    })
})
