import { describe, expect, it } from 'vitest'
import { startTraining, STOP_GRACE_MS } from '../../../engine/node/host'
import type { TrainEvent } from '../../../engine/protocol'
import { mlp } from '../../helpers/train'

const slowRun = () => ({
  graph: mlp(2, 8, 1, 'linear', 'mse'),
  overrides: { batchSize: 1, epochs: 5 },
  backend: 'wasm' as const,
})

describe('training in a worker thread', () => {
  it('stops a run promptly when asked', async () => {
    const events: TrainEvent[] = []
    let stopAt = -1
    const h = startTraining(slowRun(), (e) => {
      events.push(e)
      if (e.type === 'batch-end' && e.batch === 20 && stopAt < 0) {
        stopAt = events.filter((x) => x.type === 'batch-end').length
        h.stop()
      }
    })
    const last = await h.done
    expect(last).toMatchObject({ type: 'finished', reason: 'stopped', epochs: 0 })
    const batches = events.filter((e) => e.type === 'batch-end').length
    // events already queued when the host asked may still arrive; the run itself ends at the
    // next batch boundary (exactly one batch is checked in-process in convergence.test.ts)
    expect(batches - stopAt).toBeLessThan(100)
  })

  it('Stop acts within about a second even in the middle of a step that takes far longer', async () => {
    // six 4096-wide layers at batch 512: one step is several seconds of wasm kernels that never
    // look at the stop flag
    const widths = [4096, 4096, 4096, 4096, 4096, 4096]
    const graph = {
      ...mlp(2, 0, 1, 'linear', 'mse'),
      nodes: [
        { id: 'in', type: 'Input', params: { shape: [2] } },
        ...widths.map((units, i) => ({ id: `d${i}`, type: 'Dense', params: { units } })),
        { id: 'out', type: 'Dense', params: { units: 1 } },
      ],
      edges: ['in', ...widths.map((_, i) => `d${i}`), 'out']
        .slice(1)
        .map((target, i, a) => ({ source: i ? a[i - 1] : 'in', target })),
    }
    const events: TrainEvent[] = []
    let stoppedAt = 0
    const h = startTraining(
      {
        graph,
        overrides: {
          batchSize: 512,
          epochs: 1,
          optimizer: { type: 'sgd' },
          dataset: { name: 'linear', samples: 2048 },
        },
        backend: 'wasm',
      },
      (e) => {
        events.push(e)
        if (e.type === 'run-started') {
          stoppedAt = performance.now()
          h.stop()
        }
      },
    )
    const last = await h.done
    const took = performance.now() - stoppedAt
    expect(last).toMatchObject({ type: 'finished', reason: 'stopped', epochs: 0, history: [] })
    expect(events.filter((e) => e.type === 'batch-end')).toHaveLength(0)
    expect(took).toBeLessThan(STOP_GRACE_MS + 1500)
  })

  it('pauses and resumes', async () => {
    const events: TrainEvent[] = []
    let countAtPause = 0
    const h = startTraining({ ...slowRun(), maxBatches: 60 }, (e) => {
      events.push(e)
      if (e.type === 'batch-end' && e.batch === 10) h.pause()
      if (e.type === 'paused') {
        countAtPause = events.filter((x) => x.type === 'batch-end').length
        setTimeout(() => {
          // nothing may have trained while paused
          expect(events.filter((x) => x.type === 'batch-end').length).toBe(countAtPause)
          h.resume()
        }, 300)
      }
    })
    const last = await h.done
    expect(events.some((e) => e.type === 'resumed')).toBe(true)
    expect(last.type).toBe('finished')
    expect(events.filter((e) => e.type === 'batch-end').length).toBe(60)
  })

  it('reports a killed worker as a failed run', async () => {
    let killed = false
    const h = startTraining(slowRun(), (e) => {
      if (e.type === 'batch-end' && !killed) {
        killed = true
        void h.kill()
      }
    })
    const last = await h.done
    expect(last.type).toBe('failed')
    if (last.type === 'failed') expect(last.message).toMatch(/stopped unexpectedly/)
  })

  it('turns a bad graph into a failed event naming the node', async () => {
    const g = mlp(2, 8, 1, 'linear', 'mse')
    ;(g.nodes[1].params as Record<string, unknown>).units = 0
    const h = startTraining({ graph: g }, () => {})
    const last = await h.done
    expect(last).toMatchObject({ type: 'failed', nodeId: 'h' })
    if (last.type === 'failed') expect(last.message).toMatch(/node 'h', field 'units'/)
  })

  it('explains a dataset that does not fit the model', async () => {
    const h = startTraining({ graph: mlp(3, 0, 2, 'moons') }, () => {})
    const last = await h.done
    if (last.type !== 'failed') throw new Error('expected failure')
    expect(last.message).toMatch(/dataset 'moons' gives samples of shape \[2\] but Input 'in' expects \[3\]/)
  })
})
