/** Replicas as Node worker threads, for the training worker (engine/node/worker.ts). */
import os from 'node:os'
import { spawnWorker } from '../../node/host'
import type { ReplicaFactory } from './group'

// the built app bundles this file into worker.js, beside which replica.js is emitted
const ENTRY = new URL(
  import.meta.url.endsWith('.ts') ? './replica-worker.ts' : './replica.js',
  import.meta.url,
)

export const nodeReplicas: ReplicaFactory = {
  cores: os.availableParallelism(),
  spawn(init, events) {
    const worker = spawnWorker(ENTRY)
    worker.on('message', (m: { type?: string; message?: string; nodeId?: string }) => {
      if (m?.type === 'failed') events.failed(String(m.message), m.nodeId)
    })
    worker.on('error', (e) => events.failed(`crashed: ${e.message}`))
    worker.on('exit', (code) => events.exited(code))
    worker.postMessage(init)
    return {
      terminate: async () => {
        await worker.terminate()
      },
    }
  },
}
