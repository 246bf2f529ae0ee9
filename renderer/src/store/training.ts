import { create } from 'zustand'
import type {
  BackendPreference,
  EpochRecord,
  RUN_PHASES,
  SamplePrediction,
  TrainEvent,
  TransferReport,
} from '../../../engine/protocol'
import type { GraphDoc } from '../../../engine/graph/schema'
import type { FoldSummary } from '../../../engine/data/folds'
import { api } from '../api'

export type Status = 'idle' | 'starting' | 'running' | 'paused' | 'finished' | 'failed'

interface TrainingState {
  runId: string | null
  status: Status
  message: string
  backend: string
  /** Which samples the run trains and validates on, from its run-started event. */
  split: { kind: 'official' | 'holdout' | 'fold'; train: number; val: number } | null
  /** Per-batch loss points: x = fractional epoch. */
  points: [number, number][]
  epochs: EpochRecord[]
  /** The fixed validation samples as the model saw them at the last epoch end. */
  samples: SamplePrediction[]
  progress: { epoch: number; epochs: number; batch: number; batches: number }
  /** What the run is doing before its first batch ('engine' until the engine says more). */
  phase: 'engine' | (typeof RUN_PHASES)[number] | 'first-batch' | null
  /** Batches done and when, from the first one on: the ETA leaves start-up and warm-up out. */
  timing: { firstAt: number; batchesSince: number }
  startedAt: number
  /** What the backend held at the last batch event (GPU buffers on webgpu). */
  memory: { bytes: number; gpu: boolean } | null
  /** Stop was pressed before the engine named the run: it is sent as soon as the run has an id. */
  stopPending: boolean
  /** What a run started from another run's weights took from them. */
  transfer: TransferReport | null
  /** Cross-validation: the fold now training (0-based) and how many there are. */
  fold: { fold: number; folds: number } | null
  /** Cross-validation: each measure's mean ± std, once every fold has ended. */
  crossValidation: { folds: number; summary: FoldSummary } | null
  /** The earlier run (or imported model) whose weights the next run starts from; '' for fresh weights. */
  initFromRun: string
  setInitFromRun(runId: string): void
  start(
    doc: GraphDoc,
    overrides: Record<string, unknown>,
    backend?: BackendPreference,
    /** An earlier run whose weights start this one (fine-tuning). */
    initFromRun?: string,
  ): Promise<void>
  control(action: 'stop' | 'pause' | 'resume'): void
}

export const useTraining = create<TrainingState>()((set, get) => ({
  runId: null,
  status: 'idle',
  message: '',
  backend: '',
  split: null,
  points: [],
  epochs: [],
  samples: [],
  progress: { epoch: 0, epochs: 0, batch: 0, batches: 0 },
  phase: null,
  timing: { firstAt: 0, batchesSince: 0 },
  startedAt: 0,
  memory: null,
  stopPending: false,
  transfer: null,
  fold: null,
  crossValidation: null,
  initFromRun: '',
  setInitFromRun: (initFromRun) => set({ initFromRun }),
  async start(doc, overrides, backend = 'auto', initFromRun) {
    // nothing of the previous run may show while this one starts
    set({
      status: 'starting',
      message: '',
      backend: '',
      split: null,
      points: [],
      epochs: [],
      samples: [],
      progress: { epoch: 0, epochs: 0, batch: 0, batches: 0 },
      phase: 'engine',
      memory: null,
      timing: { firstAt: 0, batchesSince: 0 },
      startedAt: Date.now(),
      runId: null,
      stopPending: false,
      transfer: null,
      fold: null,
      crossValidation: null,
    })
    try {
      const { runId } = await api.invoke('train:start', {
        graph: doc,
        overrides,
        backend,
        ...(initFromRun ? { initFromRun } : {}),
      })
      set({ runId })
      if (get().stopPending) get().control('stop')
    } catch (e) {
      set({ status: 'failed', message: (e as Error).message })
    }
  },
  control(action) {
    const { runId } = get()
    if (runId) void api.invoke('train:control', { runId, action })
    else if (action === 'stop') set({ stopPending: true })
  },
}))

function onEvent(e: TrainEvent) {
  const s = useTraining.getState()
  switch (e.type) {
    case 'phase':
      useTraining.setState({ phase: e.phase })
      break
    case 'fold-started':
      // each fold is a fresh model: its curves start again from epoch 1
      useTraining.setState({
        fold: { fold: e.fold, folds: e.folds },
        points: [],
        epochs: [],
        samples: [],
        phase: 'engine',
        timing: { firstAt: 0, batchesSince: 0 },
      })
      break
    case 'cross-validated':
      useTraining.setState({ crossValidation: { folds: e.folds, summary: e.summary } })
      break
    case 'run-started':
      useTraining.setState({
        status: 'running',
        backend: e.backendDetail,
        split: { kind: e.dataset.split, train: e.dataset.train, val: e.dataset.val },
        phase: 'first-batch',
        progress: { epoch: e.startEpoch, epochs: e.epochs, batch: 0, batches: e.batchesPerEpoch },
        transfer: e.transfer ?? null,
      })
      break
    case 'batch-end': {
      const { timing } = s
      useTraining.setState({
        points: [...s.points, [e.epoch - 1 + e.batch / e.batches, e.loss]],
        progress: { ...s.progress, epoch: e.epoch, batch: e.batch, batches: e.batches },
        phase: null,
        memory: e.memoryBytes === undefined ? s.memory : { bytes: e.memoryBytes, gpu: !!e.memoryOnGpu },
        timing: timing.firstAt
          ? { ...timing, batchesSince: timing.batchesSince + 1 }
          : { firstAt: Date.now(), batchesSince: 0 },
      })
      break
    }
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
      useTraining.setState({ status: 'finished', message: e.reason, phase: null })
      break
    case 'failed':
      useTraining.setState({ status: 'failed', message: e.message, phase: null })
      break
  }
}

api.on('train:event', ({ runId, event }) => {
  // events of an earlier run that is still winding down are not this chart's; a run's first
  // events may arrive before train:start has answered with its id
  if (runId === useTraining.getState().runId || event.type === 'run-started' || event.type === 'fold-started')
    onEvent(event)
})
