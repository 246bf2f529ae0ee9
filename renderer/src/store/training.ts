import { create } from 'zustand'
import type { EpochRecord, SamplePrediction, TrainEvent } from '../../../engine/protocol'
import type { GraphDoc } from '../../../engine/graph/schema'
import { api } from '../api'

export type Status = 'idle' | 'starting' | 'running' | 'paused' | 'finished' | 'failed'

interface TrainingState {
  runId: string | null
  status: Status
  message: string
  backend: string
  /** Per-batch loss points: x = fractional epoch. */
  points: [number, number][]
  epochs: EpochRecord[]
  /** The fixed validation samples as the model saw them at the last epoch end. */
  samples: SamplePrediction[]
  progress: { epoch: number; epochs: number; batch: number; batches: number }
  startedAt: number
  start(doc: GraphDoc, overrides: Record<string, unknown>): Promise<void>
  control(action: 'stop' | 'pause' | 'resume'): void
}

export const useTraining = create<TrainingState>()((set, get) => ({
  runId: null,
  status: 'idle',
  message: '',
  backend: '',
  points: [],
  epochs: [],
  samples: [],
  progress: { epoch: 0, epochs: 0, batch: 0, batches: 0 },
  startedAt: 0,
  async start(doc, overrides) {
    set({
      status: 'starting',
      message: '',
      points: [],
      epochs: [],
      samples: [],
      startedAt: Date.now(),
      runId: null,
    })
    try {
      const { runId } = await api.invoke('train:start', { graph: doc, overrides, backend: 'auto' })
      set({ runId })
    } catch (e) {
      set({ status: 'failed', message: (e as Error).message })
    }
  },
  control(action) {
    const { runId } = get()
    if (runId) void api.invoke('train:control', { runId, action })
  },
}))

function onEvent(e: TrainEvent) {
  const s = useTraining.getState()
  switch (e.type) {
    case 'run-started':
      useTraining.setState({
        status: 'running',
        backend: e.backendDetail,
        progress: { epoch: e.startEpoch, epochs: e.epochs, batch: 0, batches: e.batchesPerEpoch },
      })
      break
    case 'batch-end':
      useTraining.setState({
        points: [...s.points, [e.epoch - 1 + e.batch / e.batches, e.loss]],
        progress: { ...s.progress, epoch: e.epoch, batch: e.batch, batches: e.batches },
      })
      break
    case 'epoch-end': {
      // only the latest samples are shown: keeping every epoch's images would only grow memory
      const { samples, ...rec } = e
      useTraining.setState({ epochs: [...s.epochs, rec], samples: samples ?? [] })
      break
    }
    case 'paused':
    case 'resumed':
      useTraining.setState({ status: e.type === 'paused' ? 'paused' : 'running' })
      break
    case 'finished':
      useTraining.setState({ status: 'finished', message: e.reason })
      break
    case 'failed':
      useTraining.setState({ status: 'failed', message: e.message })
      break
  }
}

api.on('train:event', ({ runId, event }) => {
  // events of an earlier run that is still winding down are not this chart's
  if (runId === useTraining.getState().runId || event.type === 'run-started') onEvent(event)
})
