import type { ReplicaFactory } from '../../../engine/train/parallel/group'
import { nodeReplicas } from '../../../engine/train/parallel/node-replicas'

/** Real replica threads, counted: every one started must have exited when a run returns. */
export function countedReplicas() {
  const count = { spawned: 0, exited: 0 }
  const factory: ReplicaFactory = {
    cores: 2,
    spawn(init, events) {
      count.spawned++
      return nodeReplicas.spawn(init, {
        failed: events.failed,
        exited: (code) => {
          count.exited++
          events.exited(code)
        },
      })
    },
  }
  return { factory, count }
}
