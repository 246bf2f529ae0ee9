/**
 * The IPC contract between renderer and main: each invoke channel with its arguments and
 * result, each push event with its payload. Training events are the engine's own protocol.
 */
import type { TrainEvent, TrainRequest } from '../../engine/protocol'

export interface Invoke {
  'train:start': { args: TrainRequest; result: { runId: string } }
  'train:stop': { args: { runId: string }; result: void }
}

export interface Push {
  'train:event': { runId: string; event: TrainEvent }
}
