/**
 * Epoch-end previews of a detector: the fixed validation images with their true boxes and the
 * most confident decoded boxes before NMS, in the shape the app's protocol accepts.
 */
import { describe, expect, it } from 'vitest'
import { samplePredictionsSchema, type SamplePrediction, type TrainEvent } from '../../../engine/protocol'
import { miniSsd } from '../../helpers/mini-ssd'
import { trainInProcess } from '../../helpers/train'

type Detected = Extract<SamplePrediction, { kind: 'detection' }>

describe('detection sample predictions', () => {
  it('streams each validation image with its true boxes and up to 40 ranked candidates', async () => {
    const { events } = await trainInProcess(
      miniSsd({ epochs: 1, dataset: { name: 'detect-shapes', size: [32, 32], samples: 120 } }),
    )
    const end = events.find((e): e is Extract<TrainEvent, { type: 'epoch-end' }> => e.type === 'epoch-end')!
    expect(samplePredictionsSchema.safeParse(end.samples).success).toBe(true)
    const samples = end.samples as Detected[]
    expect(samples).toHaveLength(8)
    for (const s of samples) {
      expect(s.kind).toBe('detection')
      expect(s.input.width).toBe(32)
      expect(s.truth.length).toBeGreaterThanOrEqual(1)
      expect(s.candidates).toHaveLength(40)
      const scores = s.candidates.map((c) => c.score)
      expect(scores).toEqual([...scores].sort((a, b) => b - a))
      expect(s.classNames).toEqual(['rectangle', 'disc', 'triangle'])
    }
  }, 60_000)
})
