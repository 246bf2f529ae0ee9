/** The app's "start from" choice: a run starts from an earlier run's weights, named by its id only. */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { replaceHead } from '../../../engine/graph/finetune'
import { recordingHost } from '../../helpers/host'

const preset = JSON.parse(readFileSync('presets/xor.json', 'utf8'))

describe('train:start with initFromRun', () => {
  it("loads the earlier run's weights by node name and reports what starts fresh", async () => {
    const { host, events, train } = recordingHost('dw-host-ft-')
    try {
      const first = await train({ graph: preset, overrides: { epochs: 1 } })
      events.length = 0
      // the same graph with a wider head: everything but the head loads
      const wider = replaceHead(preset, 3).doc
      await train({
        graph: { ...wider, training: { ...wider.training, dataset: { name: 'spirals' } } },
        overrides: { epochs: 1 },
        initFromRun: first,
      })
      const started = events.find((e) => e.type === 'run-started')
      if (started?.type !== 'run-started') throw new Error(JSON.stringify(events.at(-1)))
      expect(started.transfer!.source).toBe('the run of XOR MLP')
      expect(started.transfer!.initialised).toMatchObject([{ reason: 'shape' }])
      expect(started.transfer!.loaded.length).toBeGreaterThan(0)
      expect(started.startEpoch).toBe(0)

      // a path is not accepted from the page, and an unknown run is one sentence
      await expect(
        host.handle('train:start', { graph: preset, initFrom: '/etc/passwd' } as never),
      ).rejects.toThrow(/initFrom/)
      await expect(
        host.handle('train:start', { graph: preset, initFromRun: '00000000-0000-4000-8000-000000000000' }),
      ).rejects.toThrow(/the run to start from kept no weights/)
    } finally {
      await host.dispose()
    }
  })
})
